using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// The full-panel kernels for machines without AVX-512 (AVX2: 16 vector registers of 8 floats): a sparse row keeps
/// the panel's 64 outputs in 8 registers; four dense rows go through the panel a quarter (16 columns, 8 registers)
/// at a time; a recurrent row adds into its output. Same layout and results as the AVX-512 kernels; callers check
/// every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class Vector256PanelKernels
{
    private const int Quarter = 16;

    /// <summary>Like <see cref="SparsePanelKernel.Full"/>.</summary>
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

        for (var n = 0; n < count; n++)
        {
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

    /// <summary>Like <see cref="DensePanelKernel.Full"/>: four rows, the panel a quarter at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DenseRows(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride)
    {
        ref var x1 = ref Unsafe.Add(ref x, inner);
        ref var x2 = ref Unsafe.Add(ref x, 2 * inner);
        ref var x3 = ref Unsafe.Add(ref x, 3 * inner);
        for (var q = 0; q < PackedMatrix.PanelWidth; q += Quarter)
        {
            Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31;
            if (Unsafe.IsNullRef(ref init))
            {
                c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector256<float>.Zero;
            }
            else
            {
                ref var i0 = ref Unsafe.Add(ref init, q);
                (c00, c01) = (Vector256.LoadUnsafe(ref i0), Vector256.LoadUnsafe(ref i0, 8));
                (c10, c11) = (Vector256.LoadUnsafe(ref i0, (nuint)initStride), Vector256.LoadUnsafe(ref i0, (nuint)(initStride + 8)));
                (c20, c21) = (Vector256.LoadUnsafe(ref i0, (nuint)(2 * initStride)), Vector256.LoadUnsafe(ref i0, (nuint)((2 * initStride) + 8)));
                (c30, c31) = (Vector256.LoadUnsafe(ref i0, (nuint)(3 * initStride)), Vector256.LoadUnsafe(ref i0, (nuint)((3 * initStride) + 8)));
            }

            ref var row = ref Unsafe.Add(ref panel, q);
            for (var k = 0; k < inner; k++)
            {
                var w0 = Vector256.LoadUnsafe(ref row);
                var w1 = Vector256.LoadUnsafe(ref row, 8);
                row = ref Unsafe.Add(ref row, PackedMatrix.PanelWidth);
                var v = Vector256.Create(Unsafe.Add(ref x, k));
                c00 = Vector256.FusedMultiplyAdd(w0, v, c00);
                c01 = Vector256.FusedMultiplyAdd(w1, v, c01);
                v = Vector256.Create(Unsafe.Add(ref x1, k));
                c10 = Vector256.FusedMultiplyAdd(w0, v, c10);
                c11 = Vector256.FusedMultiplyAdd(w1, v, c11);
                v = Vector256.Create(Unsafe.Add(ref x2, k));
                c20 = Vector256.FusedMultiplyAdd(w0, v, c20);
                c21 = Vector256.FusedMultiplyAdd(w1, v, c21);
                v = Vector256.Create(Unsafe.Add(ref x3, k));
                c30 = Vector256.FusedMultiplyAdd(w0, v, c30);
                c31 = Vector256.FusedMultiplyAdd(w1, v, c31);
            }

            ref var o = ref Unsafe.Add(ref output, q);
            StorePair(c00, c01, relu, ref o);
            StorePair(c10, c11, relu, ref Unsafe.Add(ref o, outputStride));
            StorePair(c20, c21, relu, ref Unsafe.Add(ref o, 2 * outputStride));
            StorePair(c30, c31, relu, ref Unsafe.Add(ref o, 3 * outputStride));
        }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, bool relu, ref float output)
    {
        StorePair(a, b, relu, ref output);
        StorePair(c, d, relu, ref Unsafe.Add(ref output, 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Vector256<float> a, Vector256<float> b, bool relu, ref float output)
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
