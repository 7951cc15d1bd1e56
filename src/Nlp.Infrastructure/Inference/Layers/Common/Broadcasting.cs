namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>NumPy broadcasting of one sample shape onto another (shapes right-aligned, size-1 axes repeated).</summary>
internal static class Broadcasting
{
    /// <summary>The broadcast of two sample shapes, or null when they are incompatible. Unknown dims stay unknown.</summary>
    public static int?[]? Shape(IReadOnlyList<int?> a, IReadOnlyList<int?> b)
    {
        var rank = Math.Max(a.Count, b.Count);
        var result = new int?[rank];
        for (var i = 0; i < rank; i++)
        {
            int? x = i < rank - a.Count ? 1 : a[i - (rank - a.Count)];
            int? y = i < rank - b.Count ? 1 : b[i - (rank - b.Count)];
            if (x == 1)
            {
                result[i] = y;
            }
            else if (y == 1)
            {
                result[i] = x;
            }
            else if (x is null || y is null)
            {
                result[i] = x ?? y;
            }
            else if (x == y)
            {
                result[i] = x;
            }
            else
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>For each element of <paramref name="target"/>, the offset of the element of <paramref name="source"/> it reads.</summary>
    public static int[] SourceOffsets(int[] source, int[] target)
    {
        var rank = target.Length;
        var sourceStrides = new int[rank];
        var stride = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            var s = i - (rank - source.Length);
            var dim = s >= 0 ? source[s] : 1;
            sourceStrides[i] = dim == 1 ? 0 : stride;
            stride *= dim;
        }

        var size = Shapes.Product(target);
        var offsets = new int[size];
        var index = new int[rank];
        var offset = 0;
        for (var n = 0; n < size; n++)
        {
            offsets[n] = offset;
            for (var axis = rank - 1; axis >= 0; axis--)
            {
                index[axis]++;
                offset += sourceStrides[axis];
                if (index[axis] < target[axis])
                {
                    break;
                }

                offset -= sourceStrides[axis] * index[axis];
                index[axis] = 0;
            }
        }

        return offsets;
    }

    public static bool SameShape(int[] a, int[] b) => a.AsSpan().SequenceEqual(b);
}
