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
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "MultiHeadAttention";

    public long ParameterCount { get; init; }

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>
    /// The same pass inside a network call: its output, projections, context and scores in the call's buffers, its
    /// time limit checked per sample, head and long product.
    /// </summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var limit = scratch.MaxActivationValues;
        var query = inputs[0];
        var value = inputs[1];
        var key = inputs.Count > 2 ? inputs[2] : value;
        var (heads, keyDim, valueDim) = (shape.Heads, shape.KeyDim, shape.ValueDim);
        var tq = query.Shape[0];
        var tk = value.Shape[0];
        var mask = new ScoreMask(query.Mask, value.Mask, inputs.Count > 2 ? key.Mask : null, causal, tq, tk);
        var rank = 1 + shape.OutputShape.Length;
        Span<int> dimensions = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        dimensions[0] = tq;
        shape.OutputShape.CopyTo(dimensions[1..]);
        ActivationLimit.Checked("a MultiHeadAttention output", dimensions, limit);
        var output = scratch.Output(query.Batch, outputShape.Of(dimensions), query.Mask);
        var q = Rent(scratch, ActivationLimit.Checked("MultiHeadAttention queries", [tq, heads, keyDim], limit));
        var k = Rent(scratch, ActivationLimit.Checked("MultiHeadAttention keys", [tk, heads, keyDim], limit));
        var v = Rent(scratch, ActivationLimit.Checked("MultiHeadAttention values", [tk, heads, valueDim], limit));
        var context = Rent(scratch, ActivationLimit.Checked("MultiHeadAttention context", [tq, heads, valueDim], limit));
        var scores = Rent(scratch, ActivationLimit.Checked("MultiHeadAttention scores", [tq, tk], limit));
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
                    var qi = q.Slice(((i * heads) + h) * keyDim, keyDim);
                    for (var j = 0; j < tk; j++)
                    {
                        scores[(i * tk) + j] = System.Numerics.Tensors.TensorPrimitives.Dot(qi, k.Slice(((j * heads) + h) * keyDim, keyDim));
                    }
                }

                mask.Apply(scores, b);
                ActivationKernels.Softmax(scores, tk);
                for (var i = 0; i < tq; i++)
                {
                    budget.CheckAt(i, scoreRowsPerCheck);
                    var target = context.Slice(((i * heads) + h) * valueDim, valueDim);
                    target.Clear();
                    for (var j = 0; j < tk; j++)
                    {
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(
                            v.Slice(((j * heads) + h) * valueDim, valueDim), scores[(i * tk) + j], target, target);
                    }
                }
            }

            MatrixProduct.Multiply(context, tq, heads * valueDim, weights.OutputKernel, shape.OutputSize, weights.OutputBias, output.Sample(b), budget);
        }

        return output;
    }

    // A buffer of the call cut to the length this pass uses: a rented one may be longer, and q is scaled as a whole.
    private static Span<float> Rent(LayerScratch scratch, int length) => scratch.Rent(length).AsSpan(0, length);
}
