using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// Four output rows of one panel from four dense input rows (AVX-512), register-blocked: each weight vector loaded
/// from the panel feeds four fused multiply-adds, one per sample, and the 4 x 64 outputs stay in 16 registers for
/// the whole inner loop. This runs at the FMA units' rate, where a sample-at-a-time loop is bound by loads.
/// Callers check every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class DensePanelKernel
{
    public const int Rows = 4;

    /// <summary>
    /// A full 64-column panel. <paramref name="x"/> is the first of four input rows <paramref name="inner"/> apart;
    /// <paramref name="init"/> is a null ref for zeros, else the first of four rows <paramref name="initStride"/>
    /// apart (0: the same bias row for all four); outputs are <paramref name="outputStride"/> apart.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Full(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride)
    {
        Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        if (Unsafe.IsNullRef(ref init))
        {
            c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<float>.Zero;
        }
        else
        {
            (c00, c01, c02, c03) = Load(ref init);
            (c10, c11, c12, c13) = Load(ref Unsafe.Add(ref init, initStride));
            (c20, c21, c22, c23) = Load(ref Unsafe.Add(ref init, 2 * initStride));
            (c30, c31, c32, c33) = Load(ref Unsafe.Add(ref init, 3 * initStride));
        }

        ref var x1 = ref Unsafe.Add(ref x, inner);
        ref var x2 = ref Unsafe.Add(ref x, 2 * inner);
        ref var x3 = ref Unsafe.Add(ref x, 3 * inner);
        ref var row = ref panel;
        for (var k = 0; k < inner; k++)
        {
            var w0 = Vector512.LoadUnsafe(ref row);
            var w1 = Vector512.LoadUnsafe(ref row, 16);
            var w2 = Vector512.LoadUnsafe(ref row, 32);
            var w3 = Vector512.LoadUnsafe(ref row, 48);
            row = ref Unsafe.Add(ref row, PackedMatrix.PanelWidth);

            var v = Vector512.Create(Unsafe.Add(ref x, k));
            c00 = Vector512.FusedMultiplyAdd(w0, v, c00);
            c01 = Vector512.FusedMultiplyAdd(w1, v, c01);
            c02 = Vector512.FusedMultiplyAdd(w2, v, c02);
            c03 = Vector512.FusedMultiplyAdd(w3, v, c03);
            v = Vector512.Create(Unsafe.Add(ref x1, k));
            c10 = Vector512.FusedMultiplyAdd(w0, v, c10);
            c11 = Vector512.FusedMultiplyAdd(w1, v, c11);
            c12 = Vector512.FusedMultiplyAdd(w2, v, c12);
            c13 = Vector512.FusedMultiplyAdd(w3, v, c13);
            v = Vector512.Create(Unsafe.Add(ref x2, k));
            c20 = Vector512.FusedMultiplyAdd(w0, v, c20);
            c21 = Vector512.FusedMultiplyAdd(w1, v, c21);
            c22 = Vector512.FusedMultiplyAdd(w2, v, c22);
            c23 = Vector512.FusedMultiplyAdd(w3, v, c23);
            v = Vector512.Create(Unsafe.Add(ref x3, k));
            c30 = Vector512.FusedMultiplyAdd(w0, v, c30);
            c31 = Vector512.FusedMultiplyAdd(w1, v, c31);
            c32 = Vector512.FusedMultiplyAdd(w2, v, c32);
            c33 = Vector512.FusedMultiplyAdd(w3, v, c33);
        }

        Store(c00, c01, c02, c03, relu, ref output);
        Store(c10, c11, c12, c13, relu, ref Unsafe.Add(ref output, outputStride));
        Store(c20, c21, c22, c23, relu, ref Unsafe.Add(ref output, 2 * outputStride));
        Store(c30, c31, c32, c33, relu, ref Unsafe.Add(ref output, 3 * outputStride));
    }

    /// <summary>
    /// One dense row on a full panel, adding into <paramref name="output"/> (a recurrent step: h·U added to the step's
    /// input projection). Two sets of accumulators take alternate inputs, halving the chain of dependent FMAs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow(ref float panel, ref float x, int inner, ref float output)
    {
        var (a0, a1, a2, a3) = Load(ref output);
        Vector512<float> b0 = Vector512<float>.Zero, b1 = Vector512<float>.Zero, b2 = Vector512<float>.Zero, b3 = Vector512<float>.Zero;
        ref var row = ref panel;
        var k = 0;
        for (; k + 1 < inner; k += 2)
        {
            var v = Vector512.Create(Unsafe.Add(ref x, k));
            var u = Vector512.Create(Unsafe.Add(ref x, k + 1));
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row), v, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 16), v, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), v, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), v, a3);
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 64), u, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 80), u, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 96), u, b2);
            b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 112), u, b3);
            row = ref Unsafe.Add(ref row, 2 * PackedMatrix.PanelWidth);
        }

        if (k < inner)
        {
            var v = Vector512.Create(Unsafe.Add(ref x, k));
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row), v, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 16), v, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), v, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), v, a3);
        }

        Store(a0 + b0, a1 + b1, a2 + b2, a3 + b3, relu: false, ref output);
    }

    /// <summary>
    /// The last, narrower panel for four dense rows: <paramref name="columns"/> real outputs in panel rows of
    /// <paramref name="stride"/> floats; <paramref name="init"/> as in <see cref="Full"/> (empty for zeros).
    /// </summary>
    public static void Tail(
        ref float panel, int stride, int columns, ReadOnlySpan<float> x, int inner, ReadOnlySpan<float> init, int initStride,
        bool relu, Span<float> output, int outputStride)
    {
        Span<float> lane = stackalloc float[Vector512<float>.Count];
        Span<Vector512<float>> sums = stackalloc Vector512<float>[Rows];
        for (var c = 0; c < columns; c += Vector512<float>.Count)
        {
            var width = Math.Min(Vector512<float>.Count, columns - c);
            for (var r = 0; r < Rows; r++)
            {
                lane.Clear();
                if (!init.IsEmpty)
                {
                    init.Slice((r * initStride) + c, width).CopyTo(lane);
                }

                sums[r] = Vector512.Create<float>(lane);
            }

            var (s0, s1, s2, s3) = (sums[0], sums[1], sums[2], sums[3]);
            ref var column = ref Unsafe.Add(ref panel, c);
            for (var k = 0; k < inner; k++)
            {
                var w = Vector512.LoadUnsafe(ref column, (nuint)(k * stride));
                s0 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[k]), s0);
                s1 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[inner + k]), s1);
                s2 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[(2 * inner) + k]), s2);
                s3 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[(3 * inner) + k]), s3);
            }

            (sums[0], sums[1], sums[2], sums[3]) = (s0, s1, s2, s3);
            for (var r = 0; r < Rows; r++)
            {
                (relu ? Vector512.Max(sums[r], Vector512<float>.Zero) : sums[r]).CopyTo(lane);
                lane[..width].CopyTo(output.Slice((r * outputStride) + c, width));
            }
        }
    }

    private static (Vector512<float>, Vector512<float>, Vector512<float>, Vector512<float>) Load(ref float source) =>
        (Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref source, 16), Vector512.LoadUnsafe(ref source, 32), Vector512.LoadUnsafe(ref source, 48));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, bool relu, ref float output)
    {
        if (relu)
        {
            a = Vector512.Max(a, Vector512<float>.Zero);
            b = Vector512.Max(b, Vector512<float>.Zero);
            c = Vector512.Max(c, Vector512<float>.Zero);
            d = Vector512.Max(d, Vector512<float>.Zero);
        }

        a.StoreUnsafe(ref output);
        b.StoreUnsafe(ref output, 16);
        c.StoreUnsafe(ref output, 32);
        d.StoreUnsafe(ref output, 48);
    }
}
