using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// <c>output[r, :] = epilogue(init[r] + x[r, :] · W)</c> for <c>rows</c> input rows and a <see cref="PackedMatrix"/>
/// W, where init is the bias (the same for every row), the output's own content (<c>accumulate</c>: a recurrent
/// step adds h·U to its input projection) or zero, and the epilogue is nothing or ReLU. One pass per panel:
/// when at least <see cref="DenseShare"/> of the inputs are non-zero and there are four rows or more, blocks of
/// four rows run the register-blocked dense kernel; the other rows (and every row of a sparse input: a count vector,
/// a ReLU output) run the sparse kernel over their non-zero entries only. Without AVX-512 the same layout and
/// order run on <see cref="TensorPrimitives"/>.
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

    /// <param name="portable">Use the <see cref="TensorPrimitives"/> path even with AVX-512 (tests compare both).</param>
    /// <param name="threads">At most this many threads (0: <see cref="KernelThreads.Limit"/>).</param>
    public static void Run(
        PackedMatrix weights, float[] x, int rows, float[]? bias, bool accumulate, bool relu, float[] output, bool portable = false, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(output);
        Check(weights, x, rows, bias, accumulate, output);
        portable |= !Vector512.IsHardwareAccelerated;
        var inner = weights.Rows;
        var denseRows = !portable && rows >= DensePanelKernel.Rows && NonZeroRows.Count(x.AsSpan(0, rows * inner)) >= DenseShare * rows * inner
            ? rows - (rows % DensePanelKernel.Rows)
            : 0;
        using var sparse = NonZeroRows.Find(x.AsSpan((denseRows * inner)..(rows * inner)), rows - denseRows, inner);
        var work = (((long)denseRows * inner) + sparse.Offsets[rows - denseRows]) * weights.Columns;
        var helpers = Math.Min((threads > 0 ? threads : KernelThreads.Limit) - 1, weights.PanelCount - 1);
        if (helpers > 0 && work >= ParallelWork && weights.PanelCount >= ParallelPanels)
        {
            PanelWork.Run(weights, x, rows, denseRows, sparse, bias, accumulate, relu, output, portable, helpers);
            return;
        }

        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            RunPanel(weights, panel, x, rows, denseRows, sparse, bias, accumulate, relu, output, portable);
        }
    }

    /// <summary>One panel of a product: its dense row blocks, then its sparse rows.</summary>
    public static void RunPanel(
        PackedMatrix weights, int panel, float[] x, int rows, int denseRows, NonZeroRows sparse, float[]? bias, bool accumulate, bool relu,
        float[] output, bool portable)
    {
        RunDense(weights, panel, x, denseRows, bias, accumulate, relu, output);
        RunSparse(weights, panel, sparse, denseRows, rows - denseRows, bias, accumulate, relu, output, portable);
    }

    private static void RunDense(
        PackedMatrix weights, int panel, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu, Span<float> output)
    {
        var inner = weights.Rows;
        var columns = weights.Columns;
        var start = panel * PackedMatrix.PanelWidth;
        ref var data = ref MemoryMarshal.GetArrayDataReference(weights.Data);
        ref var panelStart = ref Unsafe.Add(ref data, weights.PanelOffset(panel));
        var full = weights.PanelColumns(panel) == PackedMatrix.PanelWidth;
        for (var r = 0; r < rows; r += DensePanelKernel.Rows)
        {
            var y = output[((r * columns) + start)..];
            ReadOnlySpan<float> init = accumulate ? y : bias.IsEmpty ? default : bias[start..];
            var initStride = accumulate ? columns : 0;
            if (full)
            {
                ref var initStart = ref init.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(init);
                DensePanelKernel.Full(ref panelStart, ref Unsafe.AsRef(in x[r * inner]), inner, ref initStart, initStride, relu,
                    ref MemoryMarshal.GetReference(y), columns);
            }
            else
            {
                DensePanelKernel.Tail(ref panelStart, weights.PanelStride(panel), weights.PanelColumns(panel), x.Slice(r * inner, DensePanelKernel.Rows * inner),
                    inner, init, initStride, relu, y, columns);
            }
        }
    }

    /// <summary><c>output += x · W</c> for one dense row (a recurrent state): every row of W, no scan for zeros.</summary>
    public static void AddRow(PackedMatrix weights, ReadOnlySpan<float> x, Span<float> output, bool portable = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (x.Length != weights.Rows || output.Length < weights.Columns)
        {
            throw new ArgumentException($"a row of {weights.Rows} inputs and {weights.Columns} outputs");
        }

        portable |= !Vector512.IsHardwareAccelerated;
        ref var data = ref MemoryMarshal.GetArrayDataReference(weights.Data);
        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            var width = weights.PanelColumns(panel);
            if (portable || width != PackedMatrix.PanelWidth)
            {
                var stride = weights.PanelStride(panel);
                var y = output.Slice(panel * PackedMatrix.PanelWidth, width);
                var values = weights.Data.AsSpan(weights.PanelOffset(panel), weights.Rows * stride);
                for (var k = 0; k < x.Length; k++)
                {
                    TensorPrimitives.MultiplyAdd(values.Slice(k * stride, width), x[k], y, y);
                }

                continue;
            }

            DensePanelKernel.AddRow(ref Unsafe.Add(ref data, weights.PanelOffset(panel)), ref MemoryMarshal.GetReference(x), x.Length,
                ref output[panel * PackedMatrix.PanelWidth]);
        }
    }

    private static void RunSparse(
        PackedMatrix weights, int panel, NonZeroRows sparse, int firstRow, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu,
        Span<float> output, bool portable)
    {
        for (var s = 0; s < rows; s++)
        {
            var offset = sparse.Offsets[s];
            var count = sparse.Offsets[s + 1] - offset;
            RowPanel(weights, panel, sparse.Indices.AsSpan(offset, count), sparse.Values.AsSpan(offset, count), bias, accumulate, relu,
                output[((firstRow + s) * weights.Columns)..], portable);
        }
    }

    private static void RowPanel(
        PackedMatrix weights, int panel, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> bias, bool accumulate,
        bool relu, Span<float> row, bool portable)
    {
        var start = panel * PackedMatrix.PanelWidth;
        var width = weights.PanelColumns(panel);
        var stride = weights.PanelStride(panel);
        var y = row.Slice(start, width);
        ReadOnlySpan<float> init = accumulate ? y : bias.IsEmpty ? default : bias.Slice(start, width);
        if (portable)
        {
            var data = weights.Data.AsSpan(weights.PanelOffset(panel), weights.Rows * stride);
            if (!accumulate)
            {
                init.CopyTo(y);
                y[init.Length..].Clear();
            }

            for (var n = 0; n < indices.Length; n++)
            {
                TensorPrimitives.MultiplyAdd(data.Slice(indices[n] * stride, width), values[n], y, y);
            }

            if (relu)
            {
                TensorPrimitives.Max(y, 0f, y);
            }

            return;
        }

        ref var panelStart = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights.Data), weights.PanelOffset(panel));
        if (width == PackedMatrix.PanelWidth)
        {
            ref var initStart = ref init.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(init);
            SparsePanelKernel.Full(ref panelStart, ref MemoryMarshal.GetReference(indices), ref MemoryMarshal.GetReference(values), indices.Length,
                ref initStart, relu, ref MemoryMarshal.GetReference(y));
        }
        else
        {
            SparsePanelKernel.Tail(ref panelStart, stride, width, indices, values, init, relu, y);
        }
    }

    private static void Check(PackedMatrix weights, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, ReadOnlySpan<float> output)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (x.Length < (long)rows * weights.Rows || output.Length < (long)rows * weights.Columns)
        {
            throw new ArgumentException($"{rows} rows need {rows * weights.Rows} inputs and {rows * weights.Columns} outputs");
        }

        if (!bias.IsEmpty && (accumulate || bias.Length < weights.Columns))
        {
            throw new ArgumentException(accumulate ? "a bias cannot be added when accumulating" : $"the bias needs {weights.Columns} values", nameof(bias));
        }
    }
}
