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

    /// <param name="portable">Use the <see cref="TensorPrimitives"/> path even with AVX-512 (tests compare both).</param>
    public static void Run(
        PackedMatrix weights, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu, Span<float> output,
        bool portable = false)
    {
        Check(weights, x, rows, bias, accumulate, output);
        portable |= !Vector512.IsHardwareAccelerated;
        var inner = weights.Rows;
        var denseRows = !portable && rows >= DensePanelKernel.Rows && NonZeroRows.Count(x[..(rows * inner)]) >= DenseShare * rows * inner
            ? rows - (rows % DensePanelKernel.Rows)
            : 0;
        using var sparse = NonZeroRows.Find(x[(denseRows * inner)..(rows * inner)], rows - denseRows, inner);
        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            RunDense(weights, panel, x, denseRows, bias, accumulate, relu, output);
            RunSparse(weights, panel, sparse, denseRows, rows - denseRows, bias, accumulate, relu, output, portable);
        }
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

    /// <summary>
    /// One row given by its entries (<paramref name="indices"/> ascending or not, with <paramref name="values"/>):
    /// a recurrent step passes every index and its state, with no scan for zeros.
    /// </summary>
    public static void RunRow(
        PackedMatrix weights, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> bias, bool accumulate, bool relu,
        Span<float> output, bool portable = false)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (values.Length != indices.Length || output.Length < weights.Columns || (!bias.IsEmpty && (accumulate || bias.Length < weights.Columns)))
        {
            throw new ArgumentException("indices and values must pair up; the output and bias need a value per column");
        }

        foreach (var index in indices)
        {
            if ((uint)index >= (uint)weights.Rows)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"row {index} of a {weights.Rows}-row matrix");
            }
        }

        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            RowPanel(weights, panel, indices, values, bias, accumulate, relu, output, portable || !Vector512.IsHardwareAccelerated);
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

    private static void Check(PackedMatrix weights, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, Span<float> output)
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
