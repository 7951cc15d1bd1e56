using System.Runtime.InteropServices;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The states a recurrent layer reaches over the first steps of a sequence whose input rows all equal one row: the
/// padding in front of a short text (<c>pad_sequences</c> pads in front by default, so a 15-token text in a
/// <c>maxlen</c> of 50 starts with 35 identical embedding rows). From the zero state, the state after n such steps
/// depends only on the row and n, so it is kept from the first sequence that computes it, and a later sequence
/// with the same leading row starts at step n with that state: the same cell on the same inputs, without the work
/// (up to the last bit, which the input projection's kernel changes anyway between a block of rows and a lone row).
/// Rows compare bit for bit.
/// Bounded: <see cref="SlotCount"/> rows per layer, each with at most <see cref="MaxFloats"/> floats of states. A
/// row's credit grows with its hits; another row with a run takes a slot only when a slot is free or when misses
/// have spent the credit of the row with the least, so sequences that happen to start with a repeated word replace
/// each other rather than the padding. Thread-safe: entries are immutable once published and slots are swapped atomically.
/// </summary>
internal sealed class LeadingRunCache(int inputSize, int stateSize)
{
    /// <summary>Runs shorter than this are not worth a lookup.</summary>
    public const int MinRun = 4;

    /// <summary>Rows kept per layer.</summary>
    public const int SlotCount = 2;

    /// <summary>The most floats of states one row keeps (1 MB); longer runs use what is kept and step the rest.</summary>
    public const int MaxFloats = 256 * 1024;

    private const int MaxCredit = 64;

    private readonly Entry?[] slots = new Entry?[SlotCount];

    /// <summary>The most leading steps one row keeps.</summary>
    public int MaxSteps { get; } = Math.Max(MinRun, MaxFloats / Math.Max(1, stateSize));

    /// <summary>
    /// How many steps, in the order the layer walks them, repeat the first walked row (the last row when walking
    /// backwards): 0 when fewer than <see cref="MinRun"/>.
    /// </summary>
    public int RunLength(ReadOnlySpan<float> sample, int steps, bool backwards)
    {
        if (steps < MinRun)
        {
            return 0;
        }

        var first = Row(sample, backwards ? steps - 1 : 0);
        var run = 1;
        while (run < steps && Row(sample, backwards ? steps - 1 - run : run).SequenceEqual(first))
        {
            run++;
        }

        return run >= MinRun ? run : 0;
    }

    /// <summary>The entry kept for this row, or null.</summary>
    public Entry? Find(ReadOnlySpan<float> row)
    {
        var entry = Kept(row);
        entry?.Hit();
        return entry;
    }

    /// <summary>
    /// Whether a run longer than what <paramref name="kept"/> holds should be recorded for <see cref="Offer"/>: always
    /// to lengthen a kept row; for a new row when a slot is free, or when this miss spends the last credit of the
    /// kept row with the least.
    /// </summary>
    public bool ShouldRecord(Entry? kept)
    {
        if (kept is not null)
        {
            return kept.Steps < MaxSteps;
        }

        Entry? least = null;
        for (var i = 0; i < SlotCount; i++)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is null)
            {
                return true;
            }

            least = least is null || entry.Credit < least.Credit ? entry : least;
        }

        return least!.Spend();
    }

    /// <summary>
    /// Keeps <paramref name="states"/> (the state after each of the first <paramref name="steps"/> steps of
    /// <paramref name="row"/>) in place of the same row's shorter entry, else in a free slot or the slot of a row
    /// whose credit is spent. Losing a race only means the states are not kept.
    /// </summary>
    public void Offer(ReadOnlySpan<float> row, float[] states, int steps)
    {
        var kept = Kept(row);
        if (kept is not null && kept.Steps >= steps)
        {
            return;
        }

        var entry = new Entry(row.ToArray(), states, steps, kept?.Credit ?? 1);
        for (var i = 0; i < SlotCount; i++)
        {
            var current = Volatile.Read(ref slots[i]);
            var replace = kept is not null ? ReferenceEquals(current, kept) : current is null || current.Credit <= 0;
            if (replace && ReferenceEquals(Interlocked.CompareExchange(ref slots[i], entry, current), current))
            {
                return;
            }
        }
    }

    private Entry? Kept(ReadOnlySpan<float> row)
    {
        var bytes = MemoryMarshal.AsBytes(row);
        for (var i = 0; i < SlotCount; i++)
        {
            var entry = Volatile.Read(ref slots[i]);
            if (entry is not null && MemoryMarshal.AsBytes<float>(entry.Key).SequenceEqual(bytes))
            {
                return entry;
            }
        }

        return null;
    }

    private ReadOnlySpan<byte> Row(ReadOnlySpan<float> sample, int step) => MemoryMarshal.AsBytes(sample.Slice(step * inputSize, inputSize));

    /// <summary>One kept row: the states after each of its first <see cref="Steps"/> steps, <c>stateSize</c> floats each.</summary>
    internal sealed class Entry(float[] key, float[] states, int steps, int credit)
    {
        private int credit = credit;

        public float[] Key { get; } = key;

        public float[] States { get; } = states;

        public int Steps { get; } = steps;

        public int Credit => Volatile.Read(ref credit);

        public void Hit()
        {
            if (Volatile.Read(ref credit) < MaxCredit)
            {
                Interlocked.Increment(ref credit);
            }
        }

        /// <summary>Takes one credit; true when none is left.</summary>
        public bool Spend() => Interlocked.Decrement(ref credit) <= 0;
    }
}
