namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Concatenate</c> along one sample axis. Output mask as tf.keras computes it: none when no input has one; along
/// the time axis of sequences the masks are concatenated (an input without one counts as all real); along any other
/// axis the existing masks are ANDed. (Keras 3 ORs them instead: not followed here.)
/// </summary>
internal sealed class ConcatenateLayer(string name, int axis) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Concatenate";

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = LayerFactory.WithoutWeights("Concatenate", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var first = inputs[0];
        var rank = first.Shape.Length;
        Span<int> dimensions = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        first.Shape.CopyTo(dimensions);
        dimensions[axis] = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            dimensions[axis] += inputs[i].Shape[axis];
        }

        var shape = outputShape.Of(dimensions);
        var inner = Shapes.Product(shape.AsSpan(axis + 1));
        var outer = Shapes.Product(shape.AsSpan(0, axis));
        var output = scratch.Zeros(first.Batch, shape, Mask(inputs, scratch));
        for (var b = 0; b < first.Batch; b++)
        {
            var y = output.Sample(b);
            var position = 0;
            for (var o = 0; o < outer; o++)
            {
                for (var i = 0; i < inputs.Count; i++)
                {
                    var input = inputs[i];
                    var block = input.Shape[axis] * inner;
                    input.Sample(b).Slice(o * block, block).CopyTo(y.Slice(position, block));
                    position += block;
                }
            }
        }

        return output;
    }

    private bool[]? Mask(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var masked = false;
        for (var i = 0; i < inputs.Count; i++)
        {
            masked |= inputs[i].Mask is not null;
        }

        if (!masked)
        {
            return null;
        }

        if (axis != 0 || inputs[0].Shape.Length < 2)
        {
            return MergeMasks.And(inputs, scratch);
        }

        var batch = inputs[0].Batch;
        var steps = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            steps += inputs[i].Shape[0];
        }

        var mask = scratch.RentMask(batch * steps);
        for (var b = 0; b < batch; b++)
        {
            var position = b * steps;
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var length = input.Shape[0];
                if (input.Mask is { } m)
                {
                    m.AsSpan(b * length, length).CopyTo(mask.AsSpan(position, length));
                }
                else
                {
                    mask.AsSpan(position, length).Fill(true);
                }

                position += length;
            }
        }

        return mask;
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, int.MaxValue);
        arguments.ExpectWeightCount(0, "none");
        var shapes = context.InputShapes;
        var rank = shapes[0].Length;
        var given = arguments.Int("axis", -1);
        var axis = given < 0 ? given + rank + 1 : given;
        var described = string.Join(", ", shapes.Select(Shapes.Describe));
        if (axis < 1 || axis > rank)
        {
            throw arguments.Problem($"axis {given} is not a non-batch axis of inputs {described}");
        }

        var output = (int?[])shapes[0].Clone();
        foreach (var shape in shapes.Skip(1))
        {
            var compatible = shape.Length == rank && shape.Select((d, i) => i == axis - 1 || d is null || output[i] is null || d == output[i]).All(ok => ok);
            if (!compatible)
            {
                throw arguments.Problem($"inputs {described} must match except on axis {given}");
            }

            output[axis - 1] = output[axis - 1] + shape[axis - 1];
        }

        return new BuiltLayer(new ConcatenateLayer(context.Name, axis - 1), output);
    }
}
