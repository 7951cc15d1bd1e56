namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The last output shape a layer made, handed out again while the shape stays the same, so that a warm call allocates
/// none. A shape is never written after it is made, so concurrent calls may share one; calls with different shapes at
/// the same time only make more arrays.
/// </summary>
internal sealed class KeptShape
{
    private int[]? last;

    public int[] Of(ReadOnlySpan<int> dimensions)
    {
        var shape = last;
        if (shape is null || !dimensions.SequenceEqual(shape))
        {
            shape = dimensions.ToArray();
            last = shape;
        }

        return shape;
    }
}
