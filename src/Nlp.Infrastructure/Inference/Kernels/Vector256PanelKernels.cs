using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// The panel kernels for machines without AVX-512 (AVX2: 16 vector registers of 8 floats) other than the dense
/// blocks (<see cref="Vector256DenseKernel"/>): a sparse row keeps the panel's 64 outputs in 8 registers; a recurrent
/// row adds into its output; the last, narrower panel goes 8 columns at a time. Same layout and results as the
/// AVX-512 kernels; callers check every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class Vector256PanelKernels
{
    /// <summary>
    /// How many non-zero inputs ahead <see cref="SparseRow"/> asks for a weight row: the rows of a text's non-zero
    /// inputs are scattered over the panel, so the hardware prefetcher does not see them coming (this kernel's loop in
    /// C over the seed's middle layer, 1 MB touched between calls, Zen 3: a mean 51 to 55 µs with 8 rows ahead against
    /// 60 to 61 µs without; bench/machine/avx2_panel_probe.c, docs/benchmarks.md).
    /// </summary>
    public const int PrefetchDistance = 8;

    /// <summary>Like <see cref="SparsePanelKernel.Full"/>, asking for the weight row <see cref="PrefetchDistance"/> inputs ahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SparseRow(ref float panel, ref int indices, ref float values, int count, ref float init, bool relu, ref float output)
    {
        Vector256<float> a0, a1, a2, a3, a4, a5, a6, a7;
        if (Unsafe.IsNullRef(ref init))
        {
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = Vector256<float>.Zero;
        }
        else
        {
            (a0, a1, a2, a3) = (Vector256.LoadUnsafe(ref init), Vector256.LoadUnsafe(ref init, 8), Vector256.LoadUnsafe(ref init, 16), Vector256.LoadUnsafe(ref init, 24));
            (a4, a5, a6, a7) = (Vector256.LoadUnsafe(ref init, 32), Vector256.LoadUnsafe(ref init, 40), Vector256.LoadUnsafe(ref init, 48), Vector256.LoadUnsafe(ref init, 56));
        }

        var ahead = count - PrefetchDistance;
        for (var n = 0; n < count; n++)
        {
            if (n < ahead)
            {
                Prefetch(ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n + PrefetchDistance) * PackedMatrix.PanelWidth));
            }

            var v = Vector256.Create(Unsafe.Add(ref values, n));
            ref var row = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n) * PackedMatrix.PanelWidth);
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row), v, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 8), v, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 16), v, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 24), v, a3);
            a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 32), v, a4);
            a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 40), v, a5);
            a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 48), v, a6);
            a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 56), v, a7);
        }

        Store(a0, a1, a2, a3, relu, ref output);
        Store(a4, a5, a6, a7, relu, ref Unsafe.Add(ref output, 32));
    }

    /// <summary>Like <see cref="DensePanelKernel.AddRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(ref float panel, ref float x, int inner, ref float output)
    {
        var (a0, a1, a2, a3) = (Vector256.LoadUnsafe(ref output), Vector256.LoadUnsafe(ref output, 8), Vector256.LoadUnsafe(ref output, 16), Vector256.LoadUnsafe(ref output, 24));
        var (a4, a5, a6, a7) = (Vector256.LoadUnsafe(ref output, 32), Vector256.LoadUnsafe(ref output, 40), Vector256.LoadUnsafe(ref output, 48), Vector256.LoadUnsafe(ref output, 56));
        ref var row = ref panel;
        for (var k = 0; k < inner; k++)
        {
            var v = Vector256.Create(Unsafe.Add(ref x, k));
            a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row), v, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 8), v, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 16), v, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 24), v, a3);
            a4 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 32), v, a4);
            a5 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 40), v, a5);
            a6 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 48), v, a6);
            a7 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref row, 56), v, a7);
            row = ref Unsafe.Add(ref row, PackedMatrix.PanelWidth);
        }

        Store(a0, a1, a2, a3, relu: false, ref output);
        Store(a4, a5, a6, a7, relu: false, ref Unsafe.Add(ref output, 32));
    }

    /// <summary>
    /// Like <see cref="SparsePanelKernel.Tail"/> (the same two chains, so the same results), 8 columns at a time:
    /// the last, narrower panel, <paramref name="columns"/> real outputs in rows of <paramref name="stride"/> floats.
    /// </summary>
    public static void SparseTail(
        ref float panel, int stride, int columns, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        ReadOnlySpan<float> init, bool relu, Span<float> output)
    {
        Span<float> lane = stackalloc float[Vector256<float>.Count];
        for (var c = 0; c < columns; c += Vector256<float>.Count)
        {
            var width = Math.Min(Vector256<float>.Count, columns - c);
            var even = Start(init, c, width, lane);
            var odd = Vector256<float>.Zero;
            ref var column = ref Unsafe.Add(ref panel, c);
            var n = 0;
            for (; n + 1 < indices.Length; n += 2)
            {
                even = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(indices[n] * stride)), Vector256.Create(values[n]), even);
                odd = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(indices[n + 1] * stride)), Vector256.Create(values[n + 1]), odd);
            }

            if (n < indices.Length)
            {
                even = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref column, (nuint)(indices[n] * stride)), Vector256.Create(values[n]), even);
            }

            Finish(even + odd, relu, lane, output.Slice(c, width));
        }
    }

    /// <summary>
    /// Like <see cref="DensePanelKernel.Tail"/> (one chain per row, so the same results), 8 columns at a time:
    /// <paramref name="rows"/> dense rows <paramref name="inner"/> apart in <paramref name="x"/>, a pair of rows per pass
    /// over the weights; <paramref name="init"/> as there (empty for zeros, else rows <paramref name="initStride"/>
    /// apart, 0: one bias row for all).
    /// </summary>
    public static void DenseTail(
        ref float panel, int stride, int columns, ReadOnlySpan<float> x, int inner, ReadOnlySpan<float> init, int initStride,
        bool relu, Span<float> output, int outputStride, int rows)
    {
        Span<float> lane = stackalloc float[Vector256<float>.Count];
        for (var c = 0; c < columns; c += Vector256<float>.Count)
        {
            var width = Math.Min(Vector256<float>.Count, columns - c);
            ref var column = ref Unsafe.Add(ref panel, c);
            for (var r = 0; r < rows; r += 2)
            {
                var pair = r + 1 < rows;
                var s0 = Start(init.IsEmpty ? init : init[(r * initStride)..], c, width, lane);
                var s1 = pair ? Start(init.IsEmpty ? init : init[((r + 1) * initStride)..], c, width, lane) : Vector256<float>.Zero;
                var x0 = x.Slice(r * inner, inner);
                var x1 = pair ? x.Slice((r + 1) * inner, inner) : x0;
                for (var k = 0; k < inner; k++)
                {
                    var w = Vector256.LoadUnsafe(ref column, (nuint)(k * stride));
                    s0 = Vector256.FusedMultiplyAdd(w, Vector256.Create(x0[k]), s0);
                    s1 = Vector256.FusedMultiplyAdd(w, Vector256.Create(x1[k]), s1);
                }

                Finish(s0, relu, lane, output.Slice((r * outputStride) + c, width));
                if (pair)
                {
                    Finish(s1, relu, lane, output.Slice(((r + 1) * outputStride) + c, width));
                }
            }
        }
    }

    /// <summary>The first <paramref name="width"/> values of <paramref name="init"/> from column <paramref name="c"/>, zeros after (all zeros when empty).</summary>
    private static Vector256<float> Start(ReadOnlySpan<float> init, int c, int width, Span<float> lane)
    {
        lane.Clear();
        if (!init.IsEmpty)
        {
            init.Slice(c, width).CopyTo(lane);
        }

        return Vector256.Create<float>(lane);
    }

    private static void Finish(Vector256<float> sum, bool relu, Span<float> lane, Span<float> output)
    {
        (relu ? Vector256.Max(sum, Vector256<float>.Zero) : sum).CopyTo(lane);
        lane[..output.Length].CopyTo(output);
    }

    /// <summary>Asks for the four cache lines of a panel row (the packed weights are pinned: the address stays valid).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref float row)
    {
        if (Sse.IsSupported)
        {
            var line = (byte*)Unsafe.AsPointer(ref row);
            Sse.Prefetch0(line);
            Sse.Prefetch0(line + 64);
            Sse.Prefetch0(line + 128);
            Sse.Prefetch0(line + 192);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, bool relu, ref float output)
    {
        StorePair(a, b, relu, ref output);
        StorePair(c, d, relu, ref Unsafe.Add(ref output, 16));
    }

    /// <summary>Stores two vectors (16 outputs), after ReLU if asked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StorePair(Vector256<float> a, Vector256<float> b, bool relu, ref float output)
    {
        if (relu)
        {
            a = Vector256.Max(a, Vector256<float>.Zero);
            b = Vector256.Max(b, Vector256<float>.Zero);
        }

        a.StoreUnsafe(ref output);
        b.StoreUnsafe(ref output, 8);
    }
}
