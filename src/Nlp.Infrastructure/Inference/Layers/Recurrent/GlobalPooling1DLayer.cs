using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// GlobalAveragePooling1D / GlobalMaxPooling1D over the time axis of <c>[batch, time, features]</c> (channels_last).
/// Average honours the mask as Keras does: sum(x * mask) / sum(mask), so a sequence with every step masked gives
/// 0/0 = NaN, as in Keras. Max ignores the mask, as tf.keras and Keras 3 do (their GlobalMaxPooling1D takes no
/// mask; standalone Keras 2 refuses to build such a model). The output carries no mask.
/// </summary>
internal sealed class GlobalPooling1DLayer(string name, string className, bool average, bool keepDims) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        LayerInputException.ThrowUnlessSequence(this, input);

        var steps = input.Shape[0];
        var features = input.Shape[1];
        var output = scratch.Zeros(input.Batch, keepDims ? outputShape.Of([1, features]) : outputShape.Of([features]));
        for (var b = 0; b < input.Batch; b++)
        {
            var source = input.Sample(b);
            var destination = output.Sample(b);
            if (average)
            {
                Average(source, steps, features, input.Mask is null ? default : input.Mask.AsSpan(b * steps, steps), destination);
            }
            else
            {
                destination.Fill(float.NegativeInfinity);
                for (var t = 0; t < steps; t++)
                {
                    TensorPrimitives.Max(destination, source.Slice(t * features, features), destination);
                }
            }
        }

        return output;
    }

    private static void Average(ReadOnlySpan<float> source, int steps, int features, ReadOnlySpan<bool> mask, Span<float> destination)
    {
        var count = 0;
        for (var t = 0; t < steps; t++)
        {
            if (mask.IsEmpty || mask[t])
            {
                TensorPrimitives.Add(destination, source.Slice(t * features, features), destination);
                count++;
            }
        }

        TensorPrimitives.Divide(destination, count, destination);
    }
}
