namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Shape arithmetic shared by the layers (shapes exclude the batch axis unless a name says otherwise).</summary>
internal static class Shapes
{
    /// <summary>Layers keep the dimensions of a shape of up to this rank on the stack while they compute an output shape.</summary>
    public const int MaxStackRank = 16;

    public static int Product(ReadOnlySpan<int> shape)
    {
        var product = 1;
        foreach (var d in shape)
        {
            product *= d;
        }

        return product;
    }

    /// <summary>The product when every dimension is known, else null.</summary>
    public static int? Product(IReadOnlyList<int?> shape)
    {
        var product = 1;
        foreach (var d in shape)
        {
            if (d is not { } known)
            {
                return null;
            }

            product *= known;
        }

        return product;
    }

    public static string Describe(IEnumerable<int?> shape) =>
        "[" + string.Join(", ", shape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")) + "]";

    public static string Describe(IEnumerable<int> shape) => Describe(shape.Select(d => (int?)d));

    public static int?[] Known(int[] shape) => [.. shape.Select(d => (int?)d)];

    /// <summary>
    /// A copy of the first <c>batch * SampleSize</c> values as <paramref name="scratch"/>'s output (a network call's
    /// pooled buffer and tensor) of another shape.
    /// </summary>
    public static Tensor Reshaped(Tensor input, int[] shape, bool[]? mask, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var size = input.Batch * input.SampleSize;
        var output = scratch.Output(input.Batch, shape, mask);
        input.Data.AsSpan(0, size).CopyTo(output.Data);
        return output;
    }
}
