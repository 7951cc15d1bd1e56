using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// Up to four output rows of one panel from as many dense input rows (AVX-512), register-blocked: each weight vector
/// loaded from the panel feeds one fused multiply-add per row, and the rows x 64 outputs stay in registers for the
/// whole inner loop. With four rows (or three) this runs at the FMA units' rate, where a sample-at-a-time loop is
/// bound by loads. Callers check every bound (<see cref="PackedMultiply"/>).
/// </summary>
internal static class DensePanelKernel
{
    /// <summary>The most rows one block holds.</summary>
    public const int Rows = 4;

    /// <summary>
    /// A full 64-column panel for <paramref name="rows"/> (2 to <see cref="Rows"/>) rows. <paramref name="x"/> is the
    /// first of the input rows <paramref name="inner"/> apart; <paramref name="init"/> is a null ref for zeros, else
    /// the first of the rows <paramref name="initStride"/> apart (0: the same bias row for all); outputs are
    /// <paramref name="outputStride"/> apart.
    /// </summary>
    public static void Full(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride, int rows = Rows)
    {
        switch (rows)
        {
            case 4:
                Block<FourRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            case 3:
                Block<ThreeRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            case 2:
                Block<TwoRows>(ref panel, ref x, inner, ref init, initStride, relu, ref output, outputStride);
                break;
            default:
                // A lone row takes the sparse kernel or AddRow (PackedMultiply.DenseRowCount).
                throw new ArgumentOutOfRangeException(nameof(rows), rows, "a dense block holds 2 to 4 rows");
        }
    }

    /// <summary>
    /// The kernel for <typeparamref name="TRows"/>.Count rows: the JIT compiles it once per row count with the
    /// tests on the count folded away, so each count uses only its own registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TRows>(
        ref float panel, ref float x, int inner, ref float init, int initStride, bool relu, ref float output, int outputStride)
        where TRows : struct, IBlockRows
    {
        Vector512<float> c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33;
        c00 = c01 = c02 = c03 = c10 = c11 = c12 = c13 = c20 = c21 = c22 = c23 = c30 = c31 = c32 = c33 = Vector512<float>.Zero;
        if (!Unsafe.IsNullRef(ref init))
        {
            (c00, c01, c02, c03) = Load(ref init);
            if (TRows.Count > 1)
            {
                (c10, c11, c12, c13) = Load(ref Unsafe.Add(ref init, initStride));
            }

            if (TRows.Count > 2)
            {
                (c20, c21, c22, c23) = Load(ref Unsafe.Add(ref init, 2 * initStride));
            }

            if (TRows.Count > 3)
            {
                (c30, c31, c32, c33) = Load(ref Unsafe.Add(ref init, 3 * initStride));
            }
        }

        ref var x1 = ref Unsafe.Add(ref x, TRows.Count > 1 ? inner : 0);
        ref var x2 = ref Unsafe.Add(ref x, TRows.Count > 2 ? 2 * inner : 0);
        ref var x3 = ref Unsafe.Add(ref x, TRows.Count > 3 ? 3 * inner : 0);
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
            if (TRows.Count > 1)
            {
                v = Vector512.Create(Unsafe.Add(ref x1, k));
                c10 = Vector512.FusedMultiplyAdd(w0, v, c10);
                c11 = Vector512.FusedMultiplyAdd(w1, v, c11);
                c12 = Vector512.FusedMultiplyAdd(w2, v, c12);
                c13 = Vector512.FusedMultiplyAdd(w3, v, c13);
            }

            if (TRows.Count > 2)
            {
                v = Vector512.Create(Unsafe.Add(ref x2, k));
                c20 = Vector512.FusedMultiplyAdd(w0, v, c20);
                c21 = Vector512.FusedMultiplyAdd(w1, v, c21);
                c22 = Vector512.FusedMultiplyAdd(w2, v, c22);
                c23 = Vector512.FusedMultiplyAdd(w3, v, c23);
            }

            if (TRows.Count > 3)
            {
                v = Vector512.Create(Unsafe.Add(ref x3, k));
                c30 = Vector512.FusedMultiplyAdd(w0, v, c30);
                c31 = Vector512.FusedMultiplyAdd(w1, v, c31);
                c32 = Vector512.FusedMultiplyAdd(w2, v, c32);
                c33 = Vector512.FusedMultiplyAdd(w3, v, c33);
            }
        }

        Store(c00, c01, c02, c03, relu, ref output);
        if (TRows.Count > 1)
        {
            Store(c10, c11, c12, c13, relu, ref Unsafe.Add(ref output, outputStride));
        }

        if (TRows.Count > 2)
        {
            Store(c20, c21, c22, c23, relu, ref Unsafe.Add(ref output, 2 * outputStride));
        }

        if (TRows.Count > 3)
        {
            Store(c30, c31, c32, c33, relu, ref Unsafe.Add(ref output, 3 * outputStride));
        }
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
    /// The last, narrower panel for <paramref name="rows"/> (2 to <see cref="Rows"/>) dense rows: <paramref name="columns"/>
    /// real outputs in panel rows of <paramref name="stride"/> floats; <paramref name="init"/> as in <see cref="Full"/>
    /// (empty for zeros).
    /// </summary>
    public static void Tail(
        ref float panel, int stride, int columns, ReadOnlySpan<float> x, int inner, ReadOnlySpan<float> init, int initStride,
        bool relu, Span<float> output, int outputStride, int rows = Rows)
    {
        Span<float> lane = stackalloc float[Vector512<float>.Count];
        Span<Vector512<float>> sums = stackalloc Vector512<float>[Rows];
        for (var c = 0; c < columns; c += Vector512<float>.Count)
        {
            var width = Math.Min(Vector512<float>.Count, columns - c);
            for (var r = 0; r < rows; r++)
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
            if (rows == Rows)
            {
                for (var k = 0; k < inner; k++)
                {
                    var w = Vector512.LoadUnsafe(ref column, (nuint)(k * stride));
                    s0 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[k]), s0);
                    s1 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[inner + k]), s1);
                    s2 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[(2 * inner) + k]), s2);
                    s3 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[(3 * inner) + k]), s3);
                }
            }
            else
            {
                // A partial block (a batch's last rows): the narrow panel is a small share of the work.
                for (var k = 0; k < inner; k++)
                {
                    var w = Vector512.LoadUnsafe(ref column, (nuint)(k * stride));
                    s0 = Vector512.FusedMultiplyAdd(w, Vector512.Create(x[k]), s0);
                    s1 = rows > 1 ? Vector512.FusedMultiplyAdd(w, Vector512.Create(x[inner + k]), s1) : s1;
                    s2 = rows > 2 ? Vector512.FusedMultiplyAdd(w, Vector512.Create(x[(2 * inner) + k]), s2) : s2;
                }
            }

            (sums[0], sums[1], sums[2], sums[3]) = (s0, s1, s2, s3);
            for (var r = 0; r < rows; r++)
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

/// <summary>The row count of a <see cref="DensePanelKernel"/> block, as a type (see its Block method).</summary>
internal interface IBlockRows
{
    static abstract int Count { get; }
}

internal readonly struct TwoRows : IBlockRows
{
    public static int Count => 2;
}

internal readonly struct ThreeRows : IBlockRows
{
    public static int Count => 3;
}

internal readonly struct FourRows : IBlockRows
{
    public static int Count => 4;
}
