using System.Globalization;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The most values one layer output may hold per text: by default 16 Mi floats (64 MiB), <c>Prediction:MaxActivationValues</c>
/// (<see cref="NetworkBuilder"/> checks against it, <see cref="CompiledNetwork.MaxActivationValues"/> keeps it for the
/// run-time checks). A model folder's architecture sets the
/// size of every activation (a RepeatVector's <c>n</c>, an input length, a layer's units), so a few hundred bytes of it
/// can ask for gigabytes on every request; text classifiers stay far below (an attention map over 500 steps with 8
/// heads holds 2 Mi values). Checked when the network is built, for every shape known then
/// (<see cref="NetworkBuilder"/>), and for lengths known only at run time by <see cref="LayerScratch.Output"/> and the
/// attention layers' own buffers (<see cref="Checked"/>).
/// </summary>
internal static class ActivationLimit
{
    /// <summary>The default limit: 16 Mi values (64 MiB) per text.</summary>
    public const long DefaultMaxValuesPerSample = 1L << 24;

    /// <summary>The largest limit a deployment may set: 256 Mi values (1 GiB) per text (a buffer's length stays an int).</summary>
    public const long LargestMaxValuesPerSample = 1L << 28;

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
    /// <see cref="ActivationLimitException"/> when over <paramref name="limit"/>, before anything is allocated.</summary>
    public static int Checked(string what, ReadOnlySpan<int> shape, long limit)
    {
        var values = Values(shape);
        if (values > Math.Min(limit, LargestMaxValuesPerSample))
        {
            throw new ActivationLimitException($"{what} of shape {Layers.Shapes.Describe(shape.ToArray())} would hold {Describe(values, limit)}");
        }

        return (int)values;
    }

    /// <summary>"N values per text, over the limit of ...", for error messages.</summary>
    public static string Describe(long values, long limit) => string.Create(CultureInfo.InvariantCulture,
        $"{(values == long.MaxValue ? "more than 2^63" : values.ToString("N0", CultureInfo.InvariantCulture))} values per text, over the limit of {limit:N0} ({limit * sizeof(float) / (1024.0 * 1024):0.##} MiB, Prediction:MaxActivationValues)");

    private static long Times(long values, int d) =>
        d < 0 ? long.MaxValue : values == 0 || d <= long.MaxValue / values ? values * d : long.MaxValue;
}

/// <summary>A layer output at run time (a length the network leaves open) is larger than <see cref="ActivationLimit"/> allows.</summary>
internal sealed class ActivationLimitException(string message) : Exception(message);
