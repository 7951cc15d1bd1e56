using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// Up to six output rows of one full panel from as many dense input rows, for machines without AVX-512 (AVX2: 16
/// vector registers of 8 floats). Register-blocked like <see cref="DensePanelKernel"/>, in the shape AVX2 allows: the
/// panel a quarter (16 columns) at a time, six rows x two vectors = 12 accumulators, two weight vectors and one
/// broadcast input, so each weight load feeds six multiply-adds and twelve independent chains hide the FMA latency.
/// Same results as the other kernels (every row sums its inputs in order). Callers check every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class Vector256DenseKernel
{
    /// <summary>The most rows one block holds.</summary>
    public const int Rows = 6;

    private const int Quarter = 16;

    /// <summary>
    /// The rows of the next block when <paramref name="remaining"/> dense rows are left: the fewest blocks of at most
    /// <see cref="Rows"/>, as even as can be (8 rows: 4 + 4, not 6 + 2, whose two rows would keep only four chains
    /// per quarter; measured at batch 8, one thread: 315 / 442 / 323 µs against 382 / 430 / 382). From four rows on
    /// (<see cref="PackedMultiply.MinimumVector256DenseRows"/>) every block has three rows or more.
    /// </summary>
    public static int BlockRows(int remaining)
    {
        var blocks = (remaining + Rows - 1) / Rows;
        return (remaining + blocks - 1) / blocks;
    }

    /// <summary>
    /// A full 64-column panel for <paramref name="rows"/> (3 to <see cref="Rows"/>: <see cref="BlockRows"/> of four
    /// rows or more) rows; the arguments as in <see cref="DensePanelKernel.Full"/>.
    /// </summary>
    public static void Full(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride, int rows)
    {
        switch (rows)
        {
            case 6:
                Quarters<SixRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            case 5:
                Quarters<FiveRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            case 4:
                Quarters<FourRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            case 3:
                Quarters<ThreeRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rows), rows, "a dense block holds 3 to 6 rows");
        }
    }

    /// <summary>The kernel for <typeparamref name="TRows"/>.Count rows (3 to 6), compiled once per count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Quarters<TRows>(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride)
        where TRows : struct, IBlockRows
    {
        ref var x1 = ref Unsafe.Add(ref x, inner);
        ref var x2 = ref Unsafe.Add(ref x, 2 * inner);
        ref var x3 = ref Unsafe.Add(ref x, TRows.Count > 3 ? 3 * inner : 0);
        ref var x4 = ref Unsafe.Add(ref x, TRows.Count > 4 ? 4 * inner : 0);
        ref var x5 = ref Unsafe.Add(ref x, TRows.Count > 5 ? 5 * inner : 0);
        for (var q = 0; q < PackedMatrix.PanelWidth; q += Quarter)
        {
            Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
            if (!Unsafe.IsNullRef(ref init))
            {
                ref var i0 = ref Unsafe.Add(ref init, q);
                (c00, c01) = LoadPair(ref i0);
                (c10, c11) = LoadPair(ref Unsafe.Add(ref i0, initStride));
                (c20, c21) = LoadPair(ref Unsafe.Add(ref i0, 2 * initStride));
                if (TRows.Count > 3)
                {
                    (c30, c31) = LoadPair(ref Unsafe.Add(ref i0, 3 * initStride));
                }

                if (TRows.Count > 4)
                {
                    (c40, c41) = LoadPair(ref Unsafe.Add(ref i0, 4 * initStride));
                }

                if (TRows.Count > 5)
                {
                    (c50, c51) = LoadPair(ref Unsafe.Add(ref i0, 5 * initStride));
                }
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
                if (TRows.Count > 3)
                {
                    v = Vector256.Create(Unsafe.Add(ref x3, k));
                    c30 = Vector256.FusedMultiplyAdd(w0, v, c30);
                    c31 = Vector256.FusedMultiplyAdd(w1, v, c31);
                }

                if (TRows.Count > 4)
                {
                    v = Vector256.Create(Unsafe.Add(ref x4, k));
                    c40 = Vector256.FusedMultiplyAdd(w0, v, c40);
                    c41 = Vector256.FusedMultiplyAdd(w1, v, c41);
                }

                if (TRows.Count > 5)
                {
                    v = Vector256.Create(Unsafe.Add(ref x5, k));
                    c50 = Vector256.FusedMultiplyAdd(w0, v, c50);
                    c51 = Vector256.FusedMultiplyAdd(w1, v, c51);
                }
            }

            ref var o = ref Unsafe.Add(ref output, q);
            Vector256PanelKernels.StorePair(c00, c01, relu, ref o);
            Vector256PanelKernels.StorePair(c10, c11, relu, ref Unsafe.Add(ref o, outputStride));
            Vector256PanelKernels.StorePair(c20, c21, relu, ref Unsafe.Add(ref o, 2 * outputStride));
            if (TRows.Count > 3)
            {
                Vector256PanelKernels.StorePair(c30, c31, relu, ref Unsafe.Add(ref o, 3 * outputStride));
            }

            if (TRows.Count > 4)
            {
                Vector256PanelKernels.StorePair(c40, c41, relu, ref Unsafe.Add(ref o, 4 * outputStride));
            }

            if (TRows.Count > 5)
            {
                Vector256PanelKernels.StorePair(c50, c51, relu, ref Unsafe.Add(ref o, 5 * outputStride));
            }
        }
    }

    private static (Vector256<float>, Vector256<float>) LoadPair(ref float source) =>
        (Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref source, 8));
}

internal readonly struct FiveRows : IBlockRows
{
    public static int Count => 5;
}

internal readonly struct SixRows : IBlockRows
{
    public static int Count => 6;
}
