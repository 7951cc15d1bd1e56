namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Flatten</c> and <c>Reshape</c>: the same values in a new shape (one <c>-1</c> dimension is inferred from the
/// sample size). Neither supports masking in Keras: the output has no mask.
/// </summary>
internal sealed class ReshapeLayer(string name, string className, int[] targetShape) : ILayer
{
    private readonly KeptShape resolvedShape = new();

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        return Shapes.Reshaped(input, Resolve(input.SampleSize), mask: null, scratch);
    }

    /// <summary>The target shape with its <c>-1</c> replaced for a sample of <paramref name="size"/> values.</summary>
    public int[] Resolve(int size)
    {
        var known = 1;
        var unknown = -1;
        for (var i = 0; i < targetShape.Length; i++)
        {
            if (targetShape[i] == -1)
            {
                unknown = i;
            }
            else
            {
                known *= targetShape[i];
            }
        }

        if (unknown < 0)
        {
            return known == size
                ? targetShape
                : throw new LayerInputException(Name, ClassName, $"cannot reshape {size} values to {Shapes.Describe(targetShape)}");
        }

        if (known == 0 || size % known != 0)
        {
            throw new LayerInputException(Name, ClassName, $"cannot reshape {size} values to {Shapes.Describe(targetShape)}");
        }

        Span<int> resolved = stackalloc int[targetShape.Length];
        targetShape.CopyTo(resolved);
        resolved[unknown] = size / known;
        return resolvedShape.Of(resolved);
    }
}
