using System.Globalization;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The most values one layer output may hold per text: 16 Mi floats (64 MiB). A model folder's architecture sets the
/// size of every activation (a RepeatVector's <c>n</c>, an input length, a layer's units), so a few hundred bytes of it
/// can ask for gigabytes on every request; text classifiers stay far below (an attention map over 500 steps with 8
/// heads holds 2 Mi values). Checked when the network is built, for every shape known then
/// (<see cref="NetworkBuilder"/>), and for lengths known only at run time by <see cref="LayerScratch.Output"/> and the
/// attention layers' own buffers (<see cref="Checked"/>).
/// </summary>
internal static class ActivationLimit
{
    public const long MaxValuesPerSample = 1L << 24;

    /// <summary>The values per sample of a shape whose dimensions are all known (saturating; a negative dimension, from
    /// an overflow, counts as too many), else null.</summary>
    public static long? Values(IReadOnlyList<int?> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long values = 1;
        foreach (var d in shape)
        {
            if (d is not { } known)
            {
                return null;
            }

            values = Times(values, known);
        }

        return values;
    }

    /// <summary>The values per sample of a run-time shape (saturating; a negative dimension counts as too many).</summary>
    public static long Values(ReadOnlySpan<int> shape)
    {
        long values = 1;
        foreach (var d in shape)
        {
            values = Times(values, d);
        }

        return values;
    }

    /// <summary>The values per sample of a run-time buffer (<paramref name="what"/>, for the message) as an int, or an
    /// <see cref="ActivationLimitException"/> when over the limit, before anything is allocated.</summary>
    public static int Checked(string what, ReadOnlySpan<int> shape)
    {
        var values = Values(shape);
        if (values > MaxValuesPerSample)
        {
            throw new ActivationLimitException($"{what} of shape {Layers.Shapes.Describe(shape.ToArray())} would hold {Describe(values)}");
        }

        return (int)values;
    }

    /// <summary>"N values per text, over the limit of ...", for error messages.</summary>
    public static string Describe(long values) => string.Create(CultureInfo.InvariantCulture,
        $"{(values == long.MaxValue ? "more than 2^63" : values.ToString("N0", CultureInfo.InvariantCulture))} values per text, over the limit of {MaxValuesPerSample:N0} (64 MiB)");

    private static long Times(long values, int d) =>
        d < 0 ? long.MaxValue : values == 0 || d <= long.MaxValue / values ? values * d : long.MaxValue;
}

/// <summary>A layer output at run time (a length the network leaves open) is larger than <see cref="ActivationLimit"/> allows.</summary>
internal sealed class ActivationLimitException(string message) : Exception(message);
