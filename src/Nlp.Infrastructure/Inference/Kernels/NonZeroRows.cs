using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// The non-zero entries of each row of a row-major <c>[rows, width]</c> matrix, in column order: row <c>r</c>'s are
/// <c>Indices[Offsets[r] .. Offsets[r + 1])</c> with their <c>Values</c>. A count vector (a handful of non-zeros
/// among 1,000+ columns) or a ReLU output (about half zeros) becomes a short list, so a kernel reads only the weight
/// rows that matter. NaN counts as non-zero (it must propagate). The arrays are the calling thread's own (kept for
/// its next product: no shared pool, no lock) or, above <see cref="KeptEntries"/>, rented; <see cref="Dispose"/>
/// gives them back.
/// </summary>
internal readonly struct NonZeroRows : IDisposable
{
    /// <summary>The most entries a thread keeps arrays for between products.</summary>
    public const int KeptEntries = 1 << 18;

    /// <summary>For each 8-bit mask of non-zero lanes, 8 lane numbers: the mask's lanes in order, then the others.</summary>
    private static readonly int[] NonZeroLanesFirst = LanesFirst();

    [ThreadStatic]
    private static NonZeroRows? kept;

    private NonZeroRows(int[] offsets, int[] indices, float[] values)
    {
        Offsets = offsets;
        Indices = indices;
        Values = values;
    }

    public int[] Offsets { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    /// <param name="kernels">
    /// The vector width of the scan (<see cref="KernelWidth.Auto"/>: <see cref="PackedMultiply.Widest"/>); every
    /// width finds the same entries (tests compare them on any processor).
    /// </param>
    public static NonZeroRows Find(ReadOnlySpan<float> x, int rows, int width, KernelWidth kernels = KernelWidth.Auto)
    {
        // One spare entry: an empty last row may take the address just past the last non-zero.
        var capacity = (rows * width) + 1;
        var result = Take(rows + 1, capacity);
        kernels = kernels == KernelWidth.Auto ? PackedMultiply.Widest : kernels;
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            result.Offsets[r] = count;
            count = Append(x.Slice(r * width, width), result.Indices, result.Values, count, kernels);
        }

        result.Offsets[rows] = count;
        return result;
    }

    /// <summary>How many entries of <paramref name="x"/> are not zero.</summary>
    public static int Count(ReadOnlySpan<float> x, KernelWidth kernels = KernelWidth.Auto)
    {
        kernels = kernels == KernelWidth.Auto ? PackedMultiply.Widest : kernels;
        var count = 0;
        var i = 0;
        ref var start = ref MemoryMarshal.GetReference(x);
        if (kernels == KernelWidth.Vector512)
        {
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var zero = Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)i), Vector512<float>.Zero);
                count += Vector512<float>.Count - BitOperations.PopCount(zero.ExtractMostSignificantBits());
            }
        }
        else if (kernels == KernelWidth.Vector256)
        {
            for (; i + Vector256<float>.Count <= x.Length; i += Vector256<float>.Count)
            {
                var zero = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), Vector256<float>.Zero);
                count += Vector256<float>.Count - BitOperations.PopCount(zero.ExtractMostSignificantBits());
            }
        }

        for (; i < x.Length; i++)
        {
            count += x[i] != 0f ? 1 : 0;
        }

        return count;
    }

    public void Dispose()
    {
        if (Indices.Length <= KeptEntries + 1 && Offsets.Length <= KeptEntries + 1)
        {
            kept = this;
            return;
        }

        ArrayPool<int>.Shared.Return(Offsets);
        ArrayPool<int>.Shared.Return(Indices);
        ArrayPool<float>.Shared.Return(Values);
    }

    private static int[] LanesFirst()
    {
        var table = new int[256 * 8];
        for (var mask = 0; mask < 256; mask++)
        {
            var next = mask * 8;
            for (var pass = 0; pass < 2; pass++)
            {
                for (var lane = 0; lane < 8; lane++)
                {
                    if (((mask >> lane) & 1) == 1 - pass)
                    {
                        table[next++] = lane;
                    }
                }
            }
        }

        return table;
    }

    private static NonZeroRows Take(int offsets, int capacity)
    {
        if (capacity > KeptEntries + 1 || offsets > KeptEntries + 1)
        {
            return new NonZeroRows(ArrayPool<int>.Shared.Rent(offsets), ArrayPool<int>.Shared.Rent(capacity), ArrayPool<float>.Shared.Rent(capacity));
        }

        var cached = kept;
        kept = null;
        if (cached is { } arrays && arrays.Offsets.Length >= offsets && arrays.Indices.Length >= capacity)
        {
            return arrays;
        }

        return new NonZeroRows(new int[Math.Max(offsets, cached?.Offsets.Length ?? 0)], new int[Math.Max(capacity, cached?.Indices.Length ?? 0)],
            new float[Math.Max(capacity, cached?.Values.Length ?? 0)]);
    }

    private static int Append(ReadOnlySpan<float> row, int[] indices, float[] values, int count, KernelWidth kernels)
    {
        // Every write below lands at or before this row's last entry's place: checked once, then written unchecked.
        if (indices.Length - count < row.Length || values.Length - count < row.Length)
        {
            throw new ArgumentException("the arrays cannot hold the row's entries");
        }

        var k = 0;
        ref var start = ref MemoryMarshal.GetReference(row);
        ref var index = ref MemoryMarshal.GetArrayDataReference(indices);
        ref var value = ref MemoryMarshal.GetArrayDataReference(values);
        if (kernels == KernelWidth.Vector512)
        {
            for (; k + Vector512<float>.Count <= row.Length; k += Vector512<float>.Count)
            {
                var bits = Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)k), Vector512<float>.Zero).ExtractMostSignificantBits() ^ 0xFFFFUL;
                while (bits != 0)
                {
                    var column = k + BitOperations.TrailingZeroCount(bits);
                    Unsafe.Add(ref index, count) = column;
                    Unsafe.Add(ref value, count++) = Unsafe.Add(ref start, column);
                    bits &= bits - 1;
                }
            }
        }
        else if (kernels == KernelWidth.Vector256)
        {
            // Eight at a time without a branch (a ReLU output's zeros fall at random: a branch per entry, or per set
            // bit, would be mispredicted about every other time): the non-zero lanes are moved to the front and all
            // eight lanes written; the count moves on by the non-zero ones (the next write overwrites the rest).
            ref var lanesFirst = ref MemoryMarshal.GetArrayDataReference(NonZeroLanesFirst);
            for (; k + Vector256<float>.Count <= row.Length; k += Vector256<float>.Count)
            {
                var entries = Vector256.LoadUnsafe(ref start, (nuint)k);
                var bits = Vector256.Equals(entries, Vector256<float>.Zero).ExtractMostSignificantBits() ^ 0xFFu;
                var lanes = Vector256.LoadUnsafe(ref lanesFirst, bits * (uint)Vector256<int>.Count);
                Vector256.Shuffle(entries, lanes).StoreUnsafe(ref value, (nuint)count);
                (lanes + Vector256.Create(k)).StoreUnsafe(ref index, (nuint)count);
                count += BitOperations.PopCount(bits);
            }
        }

        return AppendWithoutBranches(ref start, k, row.Length, ref index, ref value, count);
    }

    /// <summary>
    /// Appends the non-zero entries of <c>row[from..to)</c>: each entry is written at the next place and the count
    /// moves on only if it is not zero (the next write overwrites a zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int AppendWithoutBranches(ref float row, int from, int to, ref int index, ref float value, int count)
    {
        for (var k = from; k < to; k++)
        {
            var entry = Unsafe.Add(ref row, k);
            Unsafe.Add(ref index, count) = k;
            Unsafe.Add(ref value, count) = entry;
            count += entry != 0f ? 1 : 0;
        }

        return count;
    }
}
