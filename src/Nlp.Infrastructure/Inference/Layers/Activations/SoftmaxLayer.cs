using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The <c>Softmax</c> layer over one axis (or contiguous axes taken together). As in tf.keras 2.5+ and Keras 3, an
/// input mask adds -1e9 to masked positions before the softmax; Keras broadcasts the <c>[batch, time]</c> mask
/// against the trailing axes, which is only meaningful for a rank-1 input, so other masked inputs are refused.
/// </summary>
internal sealed class SoftmaxLayer(string name, int firstAxis, int axisCount) : ILayer
{
    private const float LargeNegative = -1e9f;

    public string Name { get; } = name;

    public string ClassName => "Softmax";

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = LayerFactory.WithoutWeights("Softmax", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        if (input.Mask is { } mask)
        {
            if (input.Shape.Length != 1 || input.Shape[0] * input.Batch != mask.Length)
            {
                throw new NotSupportedException(
                    $"layer '{Name}' (Softmax): a [batch, time] mask on an input of shape {Shapes.Describe(input.Shape)} " +
                    "is broadcast by Keras against the wrong axes; only rank-1 masked inputs are supported");
            }

            for (var i = 0; i < mask.Length; i++)
            {
                output.Data[i] += mask[i] ? 0f : LargeNegative;
            }
        }

        var shape = input.Shape;
        var outer = Shapes.Product(shape.AsSpan(0, firstAxis));
        var length = Shapes.Product(shape.AsSpan(firstAxis, axisCount));
        var inner = Shapes.Product(shape.AsSpan(firstAxis + axisCount));
        if (inner == 1)
        {
            ActivationKernels.Softmax(output.Data.AsSpan(0, output.Batch * output.SampleSize), length);
            return output;
        }

        var row = scratch.Rent(length).AsSpan(0, length);
        for (var b = 0; b < output.Batch; b++)
        {
            var sample = output.Sample(b);
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inner; i++)
                {
                    var start = (o * length * inner) + i;
                    for (var k = 0; k < length; k++)
                    {
                        row[k] = sample[start + (k * inner)];
                    }

                    ActivationKernels.Softmax(row, length);
                    for (var k = 0; k < length; k++)
                    {
                        sample[start + (k * inner)] = row[k];
                    }
                }
            }
        }

        return output;
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var shape = context.InputShapes[0];
        var rank = shape.Length + 1;
        var axes = (arguments.IntList("axis") ?? [-1]).Select(a => a < 0 ? a + rank : a).Order().ToArray();
        if (axes.Length == 0 || axes[0] < 1 || axes[^1] >= rank || axes.Where((a, i) => a != axes[0] + i).Any())
        {
            throw arguments.Problem($"axis must be one axis (or contiguous axes) of the input without the batch axis; got [{string.Join(", ", arguments.IntList("axis") ?? [])}] for input {Shapes.Describe(shape)}");
        }

        arguments.ExpectWeightCount(0, "none");
        return new BuiltLayer(new SoftmaxLayer(context.Name, axes[0] - 1, axes.Length), shape);
    }
}
