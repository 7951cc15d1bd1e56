using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras's <c>MultiHeadAttention</c> for inputs <c>[query, value]</c> (key = value) or <c>[query, value, key]</c>, each
/// <c>[steps, features]</c>, attention over the steps. Per head: <c>softmax((Q / sqrt(key_dim)) K^T + mask) V</c>, then
/// the output projection. The attention mask is built as tf.keras 2.10+ / Keras 3 do from the inputs' Keras masks
/// (query [T, 1] AND value [1, S] AND key [1, S]) and <c>use_causal_mask</c>; masked scores get -1e9.
/// The output keeps the query mask.
/// </summary>
internal sealed class MultiHeadAttentionLayer(
    string name,
    MultiHeadAttentionShape shape,
    MultiHeadAttentionWeights weights,
    bool causal) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "MultiHeadAttention";

    public long ParameterCount { get; init; }

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, ComputeBudget.Unlimited, ActivationLimit.DefaultMaxValuesPerSample);

    /// <summary>The same pass inside a network call, its time limit checked per sample, head and long product (its buffers stay its own).</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch) => Forward(inputs, scratch.Budget, scratch.MaxActivationValues);

    private Tensor Forward(IReadOnlyList<Tensor> inputs, ComputeBudget budget, long limit)
    {
        var query = inputs[0];
        var value = inputs[1];
        var key = inputs.Count > 2 ? inputs[2] : value;
        var (heads, keyDim, valueDim) = (shape.Heads, shape.KeyDim, shape.ValueDim);
        var tq = query.Shape[0];
        var tk = value.Shape[0];
        var mask = new ScoreMask(query.Mask, value.Mask, inputs.Count > 2 ? key.Mask : null, causal, tq, tk);
        ActivationLimit.Checked("a MultiHeadAttention output", [tq, .. shape.OutputShape], limit);
        var output = Tensor.Zeros(query.Batch, [tq, .. shape.OutputShape], query.Mask);
        var q = new float[ActivationLimit.Checked("MultiHeadAttention queries", [tq, heads, keyDim], limit)];
        var k = new float[ActivationLimit.Checked("MultiHeadAttention keys", [tk, heads, keyDim], limit)];
        var v = new float[ActivationLimit.Checked("MultiHeadAttention values", [tk, heads, valueDim], limit)];
        var context = new float[ActivationLimit.Checked("MultiHeadAttention context", [tq, heads, valueDim], limit)];
        var scores = new float[ActivationLimit.Checked("MultiHeadAttention scores", [tq, tk], limit)];
        var scale = (float)(1.0 / Math.Sqrt(keyDim));
        var scoreRowsPerCheck = ComputeBudget.RowsPerCheck((long)tk * Math.Max(keyDim, valueDim));
        for (var b = 0; b < query.Batch; b++)
        {
            budget.Check();
            MatrixProduct.Multiply(query.Sample(b), tq, shape.QueryFeatures, weights.QueryKernel, heads * keyDim, weights.QueryBias, q, budget);
            MatrixProduct.Multiply(key.Sample(b), tk, shape.KeyFeatures, weights.KeyKernel, heads * keyDim, weights.KeyBias, k, budget);
            MatrixProduct.Multiply(value.Sample(b), tk, shape.ValueFeatures, weights.ValueKernel, heads * valueDim, weights.ValueBias, v, budget);
            System.Numerics.Tensors.TensorPrimitives.Multiply(q, scale, q);
            for (var h = 0; h < heads; h++)
            {
                budget.Check();
                for (var i = 0; i < tq; i++)
                {
                    budget.CheckAt(i, scoreRowsPerCheck);
                    var qi = q.AsSpan(((i * heads) + h) * keyDim, keyDim);
                    for (var j = 0; j < tk; j++)
                    {
                        scores[(i * tk) + j] = System.Numerics.Tensors.TensorPrimitives.Dot(qi, k.AsSpan(((j * heads) + h) * keyDim, keyDim));
                    }
                }

                mask.Apply(scores, b);
                ActivationKernels.Softmax(scores, tk);
                for (var i = 0; i < tq; i++)
                {
                    budget.CheckAt(i, scoreRowsPerCheck);
                    var target = context.AsSpan(((i * heads) + h) * valueDim, valueDim);
                    target.Clear();
                    for (var j = 0; j < tk; j++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(
                            v.AsSpan(((j * heads) + h) * valueDim, valueDim), scores[(i * tk) + j], target, target);
                    }
                }
            }

            MatrixProduct.Multiply(context, tq, heads * valueDim, weights.OutputKernel, shape.OutputSize, weights.OutputBias, output.Sample(b), budget);
        }

        return output;
    }
}
