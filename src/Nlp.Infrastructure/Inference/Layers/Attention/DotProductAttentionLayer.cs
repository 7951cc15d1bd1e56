using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras's <c>Attention</c> (Luong) for inputs <c>[query, value]</c> or <c>[query, value, key]</c>, each
/// <c>[steps, dim]</c>. Scores: <c>dot</c> = scale * q·k; <c>concat</c> = concat_score_weight * sum(tanh(scale * (q + k))).
/// The value mask (and the causal mask) add -1e9 to scores; the softmax weights average the values; rows of masked
/// query steps are zeroed. The output keeps the query mask.
/// </summary>
internal sealed class DotProductAttentionLayer(string name, bool concatScores, float? scale, float concatWeight, bool causal) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Attention";

    public long ParameterCount => (scale is null ? 0 : 1) + (concatScores ? 1 : 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>The same pass inside a network call: its output and scores in the call's buffers, its time limit checked per sample and in long products.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var query = inputs[0];
        var value = inputs[1];
        var key = inputs.Count > 2 ? inputs[2] : value;
        var (tq, dim) = (query.Shape[0], query.Shape[1]);
        var (tv, valueDim) = (value.Shape[0], value.Shape[1]);
        var mask = new ScoreMask(null, value.Mask, null, causal, tq, tv);
        ActivationLimit.Checked("an Attention output", [tq, valueDim], scratch.MaxActivationValues);
        var scoreCount = ActivationLimit.Checked("Attention scores", [tq, tv], scratch.MaxActivationValues);
        var output = scratch.Output(query.Batch, outputShape.Of([tq, valueDim]), query.Mask);
        var scores = scratch.Rent(scoreCount).AsSpan(0, scoreCount);
        for (var b = 0; b < query.Batch; b++)
        {
            budget.Check();
            var q = query.Sample(b);
            var k = key.Sample(b);
            Scores(q, k, tq, tv, dim, scores, budget);
            mask.Apply(scores, b);
            ActivationKernels.Softmax(scores, tv);
            MatrixProduct.Multiply(scores, tq, tv, value.Sample(b), valueDim, [], output.Sample(b), budget);
            if (query.Mask is { } queryMask)
            {
                for (var i = 0; i < tq; i++)
                {
                    if (!queryMask[(b * tq) + i])
                    {
                        output.Sample(b).Slice(i * valueDim, valueDim).Clear();
                    }
                }
            }
        }

        return output;
    }

    private void Scores(ReadOnlySpan<float> q, ReadOnlySpan<float> k, int tq, int tv, int dim, Span<float> scores, ComputeBudget budget)
    {
        var rowsPerCheck = ComputeBudget.RowsPerCheck((long)tv * dim);
        for (var i = 0; i < tq; i++)
        {
            budget.CheckAt(i, rowsPerCheck);
            var qi = q.Slice(i * dim, dim);
            for (var j = 0; j < tv; j++)
            {
                var kj = k.Slice(j * dim, dim);
                float score;
                if (concatScores)
                {
                    var sum = 0f;
                    for (var d = 0; d < dim; d++)
                    {
                        var s = qi[d] + kj[d];
                        sum += MathF.Tanh(scale is { } f ? f * s : s);
                    }

                    score = concatWeight * sum;
                }
                else
                {
                    score = System.Numerics.Tensors.TensorPrimitives.Dot(qi, kj);
                    if (scale is { } f)
                    {
                        score *= f;
                    }
                }

                scores[(i * tv) + j] = score;
            }
        }
    }
}
