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

    public static NonZeroRows Find(ReadOnlySpan<float> x, int rows, int width)
    {
        // One spare entry: an empty last row may take the address just past the last non-zero.
        var capacity = (rows * width) + 1;
        var result = Take(rows + 1, capacity);
        var count = 0;
        for (var r = 0; r < rows; r++)
        {
            result.Offsets[r] = count;
            count = Append(x.Slice(r * width, width), result.Indices, result.Values, count);
        }

        result.Offsets[rows] = count;
        return result;
    }

    /// <summary>How many entries of <paramref name="x"/> are not zero.</summary>
    public static int Count(ReadOnlySpan<float> x)
    {
        var count = 0;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(x);
            for (; i + Vector512<float>.Count <= x.Length; i += Vector512<float>.Count)
            {
                var zero = Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)i), Vector512<float>.Zero);
                count += Vector512<float>.Count - BitOperations.PopCount(zero.ExtractMostSignificantBits());
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

    private static int Append(ReadOnlySpan<float> row, int[] indices, float[] values, int count)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(row);
            for (; k + Vector512<float>.Count <= row.Length; k += Vector512<float>.Count)
            {
                var bits = Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)k), Vector512<float>.Zero).ExtractMostSignificantBits() ^ 0xFFFFUL;
                while (bits != 0)
                {
                    var column = k + BitOperations.TrailingZeroCount(bits);
                    indices[count] = column;
                    values[count++] = Unsafe.Add(ref start, column);
                    bits &= bits - 1;
                }
            }
        }

        for (; k < row.Length; k++)
        {
            if (row[k] != 0f)
            {
                indices[count] = k;
                values[count++] = row[k];
            }
        }

        return count;
    }
}
