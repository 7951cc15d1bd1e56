using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// One output row of one panel from a sparse input row (AVX-512): <c>out = epilogue(init + Σ values[n] · panel[indices[n]])</c>.
/// The panel's outputs stay in registers while the non-zero inputs are walked, so the output is written once and
/// only the weight rows of non-zero inputs are read. Callers check every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class SparsePanelKernel
{
    /// <summary>A full 64-column panel; <paramref name="init"/> is a null ref for zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Full(ref float panel, ref int indices, ref float values, int count, ref float init, bool relu, ref float output)
    {
        Vector512<float> a0, a1, a2, a3;
        if (Unsafe.IsNullRef(ref init))
        {
            a0 = a1 = a2 = a3 = Vector512<float>.Zero;
        }
        else
        {
            a0 = Vector512.LoadUnsafe(ref init);
            a1 = Vector512.LoadUnsafe(ref init, 16);
            a2 = Vector512.LoadUnsafe(ref init, 32);
            a3 = Vector512.LoadUnsafe(ref init, 48);
        }

        // Two entries per iteration into two sets of accumulators: half as long a chain of dependent FMAs.
        Vector512<float> b0 = Vector512<float>.Zero, b1 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, b3 = Vector512<float>.Zero;
        var n = 0;
        for (; n + 1 < count; n += 2)
        {
            var v = Vector512.Create(Unsafe.Add(ref values, n));
            ref var row = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n) * PackedMatrix.PanelWidth);
            var u = Vector512.Create(Unsafe.Add(ref values, n + 1));
            ref var next = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n + 1) * PackedMatrix.PanelWidth);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row), v, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 16), v, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), v, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), v, a3);
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next), u, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 16), u, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 32), u, b2);
            b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 48), u, b3);
        }

        if (n < count)
        {
            var v = Vector512.Create(Unsafe.Add(ref values, n));
            ref var row = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n) * PackedMatrix.PanelWidth);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row), v, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 16), v, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), v, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), v, a3);
        }

        a0 += b0;
        a1 += b1;
        a2 += b2;
        a3 += b3;

        if (relu)
        {
            a0 = Vector512.Max(a0, Vector512<float>.Zero);
            a1 = Vector512.Max(a1, Vector512<float>.Zero);
            a2 = Vector512.Max(a2, Vector512<float>.Zero);
            a3 = Vector512.Max(a3, Vector512<float>.Zero);
        }

        a0.StoreUnsafe(ref output);
        a1.StoreUnsafe(ref output, 16);
        a2.StoreUnsafe(ref output, 32);
        a3.StoreUnsafe(ref output, 48);
    }

    /// <summary>
    /// The last, narrower panel: <paramref name="columns"/> real outputs in rows of <paramref name="stride"/> floats
    /// (a multiple of 16). <paramref name="init"/> is empty for zeros, else holds at least <paramref name="columns"/> values.
    /// </summary>
    public static void Tail(
        ref float panel, int stride, int columns, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        ReadOnlySpan<float> init, bool relu, Span<float> output)
    {
        Span<float> lane = stackalloc float[Vector512<float>.Count];
        for (var c = 0; c < columns; c += Vector512<float>.Count)
        {
            var width = Math.Min(Vector512<float>.Count, columns - c);
            lane.Clear();
            if (!init.IsEmpty)
            {
                init.Slice(c, width).CopyTo(lane);
            }

            var even = Vector512.Create<float>(lane);
            var odd = Vector512<float>.Zero;
            ref var column = ref Unsafe.Add(ref panel, c);
            var n = 0;
            for (; n + 1 < indices.Length; n += 2)
            {
                even = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, (nuint)(indices[n] * stride)), Vector512.Create(values[n]), even);
                odd = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, (nuint)(indices[n + 1] * stride)), Vector512.Create(values[n + 1]), odd);
            }

            if (n < indices.Length)
            {
                even = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, (nuint)(indices[n] * stride)), Vector512.Create(values[n]), even);
            }

            var sum = even + odd;
            if (relu)
            {
                sum = Vector512.Max(sum, Vector512<float>.Zero);
            }

            sum.CopyTo(lane);
            lane[..width].CopyTo(output.Slice(c, width));
        }
    }
}
