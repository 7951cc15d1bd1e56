using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// <c>output[r, :] = epilogue(init[r] + x[r, :] · W)</c> for <c>rows</c> input rows and a <see cref="PackedMatrix"/>
/// W, where init is the bias (the same for every row), the output's own content (<c>accumulate</c>) or zero, and
/// the epilogue is nothing or ReLU. One pass per panel: when at least <see cref="DenseShare"/> of the inputs are
/// non-zero and there are enough rows, blocks of up to four rows (AVX-512) or six (AVX2) run the register-blocked
/// dense kernels (<see cref="DenseRowCount"/>); the other rows (and every row of a sparse input: a count vector, a ReLU output
/// of a single text) run the sparse kernel over their non-zero entries only. Large products are shared with
/// thread-pool helpers (<see cref="PanelWork"/>).
/// </summary>
internal static class PackedMultiply
{
    /// <summary>
    /// The share of non-zero inputs above which the dense kernel wins: it does every multiply-add but at the FMA
    /// units' rate, where the sparse kernel is bound by one weight load per multiply-add (about 3x slower per
    /// multiply-add on AVX-512).
    /// </summary>
    public const float DenseShare = 0.3f;

    /// <summary>
    /// The multiply-adds above which a product is shared with thread-pool helpers (<see cref="KernelThreads"/>):
    /// about 10 µs of work on one core, well above the cost of waking a helper.
    /// </summary>
    public const long ParallelWork = 256 * 1024;

    /// <summary>
    /// The fewest panels (of 64 columns) a shared product must have: with fewer, each thread gets one or two panels
    /// and a helper's start-up costs about what it saves (measured: an LSTM's 256-column input projection).
    /// </summary>
    public const int ParallelPanels = 8;

    /// <summary>
    /// With AVX2, the fewest rows the dense kernels take: two or three rows run the sparse kernel over their non-zero
    /// inputs (measured on the seed network, one thread, Zen 3: batch 2 98.6 / 100.0 µs sparse against 148.4 / 137.4
    /// dense, batch 3 181.9 / 181.3 against 217.2 / 210.4; docs/benchmarks.md).
    /// </summary>
    public const int MinimumVector256DenseRows = 4;

    /// <summary>The widest kernels this processor accelerates.</summary>
    public static KernelWidth Widest { get; } =
        Vector512.IsHardwareAccelerated ? KernelWidth.Vector512 : Vector256.IsHardwareAccelerated ? KernelWidth.Vector256 : KernelWidth.Portable;

    /// <param name="width">The kernels to use (<see cref="KernelWidth.Auto"/>: <see cref="Widest"/>).</param>
    /// <param name="threads">At most this many threads (0: <see cref="KernelThreads.Limit"/>).</param>
    /// <param name="budget">
    /// The call's time limit: a product of more than <see cref="ComputeBudget.CheckWork"/> multiply-adds runs in parts
    /// of rows and checks it between two parts (null: one part).
    /// </param>
    public static void Run(
        PackedMatrix weights, float[] x, int rows, float[]? bias, bool accumulate, bool relu, float[] output,
        KernelWidth width = KernelWidth.Auto, int threads = 0, ComputeBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (x.Length < (long)rows * weights.Rows || output.Length < (long)rows * weights.Columns)
        {
            throw new ArgumentException($"{rows} rows need {rows * weights.Rows} inputs and {rows * weights.Columns} outputs");
        }

        if (bias is not null && (accumulate || bias.Length < weights.Columns))
        {
            throw new ArgumentException(accumulate ? "a bias cannot be added when accumulating" : $"the bias needs {weights.Columns} values", nameof(bias));
        }

        width = width == KernelWidth.Auto ? Widest : width;
        var part = budget is null ? rows : PartRows(weights);
        for (var first = 0; first < rows;)
        {
            if (first > 0)
            {
                budget!.Check();
            }

            var count = Math.Min(part, rows - first);
            RunRows(weights, x, first, count, bias, accumulate, relu, output, width, threads);
            first += count;
        }

        GC.KeepAlive(weights); // the kernels read its memory through raw references (WeightMemory)
    }

    /// <summary>
    /// The rows of one part of a long product: at most <see cref="ComputeBudget.CheckWork"/> multiply-adds (counting
    /// every input, as the dense kernel does), whole blocks of the dense kernel, at least one block.
    /// </summary>
    internal static int PartRows(PackedMatrix weights)
    {
        var rows = ComputeBudget.RowsPerCheck((long)weights.Rows * weights.Columns);
        return Math.Max(DensePanelKernel.Rows, rows - (rows % DensePanelKernel.Rows));
    }

    private static void RunRows(
        PackedMatrix weights, float[] x, int firstRow, int rows, float[]? bias, bool accumulate, bool relu, float[] output, KernelWidth width,
        int threads)
    {
        var inner = weights.Rows;
        var start = firstRow * inner;
        var denseRows = DenseRowCount(width, rows) is var candidates and > 0
            && NonZeroRows.Count(x.AsSpan(start, rows * inner), width) >= DenseShare * rows * inner
            ? candidates
            : 0;
        using var sparse = NonZeroRows.Find(x.AsSpan((start + (denseRows * inner))..(start + (rows * inner))), rows - denseRows, inner, width);
        var product = new PanelProduct(weights, x, firstRow, rows, denseRows, sparse, bias, accumulate, relu, output, width);
        var work = (((long)denseRows * inner) + sparse.Offsets[rows - denseRows]) * weights.Columns;
        var helpers = Math.Min((threads > 0 ? threads : KernelThreads.Limit) - 1, weights.PanelCount - 1);
        if (helpers > 0 && work >= ParallelWork && weights.PanelCount >= ParallelPanels)
        {
            PanelWork.Run(product, helpers);
            return;
        }

        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            product.RunPanel(panel);
        }
    }

    /// <summary>
    /// How many of the rows the dense kernels take when the input is dense enough. AVX-512: blocks of four and a last
    /// block of two or three (measured on the seed network, one thread: 24 µs per text at batch 2 against 28 µs with
    /// the sparse kernel, 20 against 26 at batch 3; docs/benchmarks.md); a lone row stays sparse: alone it reads the
    /// weights of its non-zero inputs only, and after a block of four the sparse kernel is as fast as a dense row.
    /// AVX2: every row from <see cref="MinimumVector256DenseRows"/> on, in blocks of up to six
    /// (<see cref="Vector256DenseKernel.BlockRows"/>).
    /// </summary>
    internal static int DenseRowCount(KernelWidth width, int rows) => width switch
    {
        KernelWidth.Vector512 when rows % DensePanelKernel.Rows == 1 => rows - 1,
        KernelWidth.Vector512 => rows,
        KernelWidth.Vector256 when rows >= MinimumVector256DenseRows => rows,
        _ => 0,
    };

    /// <summary><c>output += x · W</c> for one dense row (a recurrent state): every row of W, no scan for zeros.</summary>
    public static void AddRow(PackedMatrix weights, ReadOnlySpan<float> x, Span<float> output, KernelWidth width = KernelWidth.Auto)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (x.Length != weights.Rows || output.Length < weights.Columns)
        {
            throw new ArgumentException($"a row of {weights.Rows} inputs and {weights.Columns} outputs");
        }

        width = width == KernelWidth.Auto ? Widest : width;
        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            ref var panelStart = ref weights.PanelStart(panel);
            ref var y = ref output[panel * PackedMatrix.PanelWidth];
            var full = weights.PanelColumns(panel) == PackedMatrix.PanelWidth;
            if (full && width == KernelWidth.Vector512)
            {
                DensePanelKernel.AddRow(ref panelStart, ref MemoryMarshal.GetReference(x), x.Length, ref y);
            }
            else if (full && width == KernelWidth.Vector256)
            {
                Vector256PanelKernels.AddRow(ref panelStart, ref MemoryMarshal.GetReference(x), x.Length, ref y);
            }
            else
            {
                var stride = weights.PanelStride(panel);
                var row = output.Slice(panel * PackedMatrix.PanelWidth, weights.PanelColumns(panel));
                PortablePanelKernels.DenseRow(weights.Panel(panel), stride, x, row, relu: false, row);
            }
        }

        GC.KeepAlive(weights); // the kernels read its memory through raw references (WeightMemory)
    }
}
