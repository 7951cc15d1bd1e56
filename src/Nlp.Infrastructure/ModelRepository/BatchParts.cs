namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Splits a model's batches into forward passes of at most <see cref="Budget"/> pooled floats, by what the
/// model's own calls have needed so far: per text for an input of fixed length, per step of a text when the input is
/// padded to the longest text of the call (a network that leaves its number of steps open). The first call runs one
/// text alone to learn it. A text's steps are bounded by its length in characters (Keras's tokenizer gives at most one
/// token per character), so a batch of long texts is split even when only short ones were seen before. Thread-safe.
/// </summary>
internal sealed class BatchParts(bool variableLength, long budget = BatchParts.DefaultBudget)
{
    /// <summary>The pooled memory one forward pass may use unless configured: 64 Mi floats (256 MiB).</summary>
    public const long DefaultBudget = 1L << 26;

    /// <summary>The pooled floats one forward pass may use (<c>Prediction:MaxPassValues</c>); a single text may need more.</summary>
    public long Budget { get; } = budget > 0 ? budget : throw new ArgumentOutOfRangeException(nameof(budget));

    private long floatsPerUnit;

    /// <summary>The most pooled floats one text (or one step of one text) has needed in a call; 0 before the first.</summary>
    public long FloatsPerUnit => Volatile.Read(ref floatsPerUnit);

    /// <summary>How many texts from <paramref name="start"/> the next forward pass takes (at least one).</summary>
    public int NextPart(IReadOnlyList<string> texts, int start)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var remaining = texts.Count - start;
        var perUnit = FloatsPerUnit;
        if (perUnit == 0)
        {
            return 1;
        }

        if (!variableLength)
        {
            return (int)Math.Clamp(Budget / perUnit, 1, remaining);
        }

        // Every text of a pass is padded to its longest one.
        long longest = 0;
        var count = 0;
        while (count < remaining)
        {
            var steps = Math.Max(longest, Math.Max(1, texts[start + count].Length));
            if (count > 0 && (count + 1) * steps > Budget / perUnit)
            {
                break;
            }

            longest = steps;
            count++;
        }

        return count;
    }

    /// <summary>Records a call of <paramref name="texts"/> texts padded to <paramref name="steps"/> steps that rented <paramref name="floats"/>.</summary>
    public void Learn(long floats, int texts, int steps)
    {
        var units = Math.Max(1L, texts) * (variableLength ? Math.Max(1, steps) : 1);
        var perUnit = (floats + units - 1) / units;
        long seen;
        while (perUnit > (seen = Volatile.Read(ref floatsPerUnit)) && Interlocked.CompareExchange(ref floatsPerUnit, perUnit, seen) != seen)
        {
        }
    }
}
