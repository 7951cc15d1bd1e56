namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras Bidirectional at inference: runs the forward layer and the backward layer (go_backwards) on the same input
/// and mask; with return_sequences the backward output is reversed back in time (Keras's <c>reverse(y_rev, 1)</c>)
/// before the merge. concat puts forward features first. The mask goes on with return_sequences, as Keras does.
/// </summary>
internal sealed class BidirectionalLayer(
    string name, RecurrentLayer forward, RecurrentLayer backward, BidirectionalMerge merge) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Bidirectional";

    public long ParameterCount => forward.ParameterCount + backward.ParameterCount;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>
    /// Inside a network call: both directions run under the call's time limit, each on memory of its own (their outputs
    /// are merged into a tensor of this layer's).
    /// </summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var y = forward.Forward(inputs, scratch.Inner(0));
        var yRev = backward.Forward(inputs, scratch.Inner(1));
        var sequences = forward.Options.ReturnSequences;
        var steps = sequences ? y.Shape[0] : 1;
        var uf = y.Shape[^1];
        var ub = yRev.Shape[^1];
        var width = merge == BidirectionalMerge.Concat ? uf + ub : uf;
        var output = scratch.Zeros(y.Batch, sequences ? outputShape.Of([steps, width]) : outputShape.Of([width]), sequences ? y.Mask : null);
        for (var b = 0; b < y.Batch; b++)
        {
            var fw = y.Sample(b);
            var bw = yRev.Sample(b);
            var destination = output.Sample(b);
            for (var t = 0; t < steps; t++)
            {
                var f = fw.Slice(t * uf, uf);
                var r = bw.Slice((sequences ? steps - 1 - t : 0) * ub, ub);
                Merge(f, r, destination.Slice(t * width, width));
            }
        }

        return output;
    }

    private void Merge(ReadOnlySpan<float> f, ReadOnlySpan<float> r, Span<float> destination)
    {
        switch (merge)
        {
            case BidirectionalMerge.Concat:
                f.CopyTo(destination);
                r.CopyTo(destination[f.Length..]);
                break;
            case BidirectionalMerge.Sum:
                for (var k = 0; k < f.Length; k++)
                {
                    destination[k] = f[k] + r[k];
                }

                break;
            case BidirectionalMerge.Ave:
                for (var k = 0; k < f.Length; k++)
                {
                    destination[k] = (f[k] + r[k]) / 2f;
                }

                break;
            case BidirectionalMerge.Mul:
                for (var k = 0; k < f.Length; k++)
                {
                    destination[k] = f[k] * r[k];
                }

                break;
        }
    }
}
