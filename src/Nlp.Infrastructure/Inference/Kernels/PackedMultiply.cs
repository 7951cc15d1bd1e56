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

    public static void Run(
        PackedMatrix weights, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu, Span<float> output)
    {
        Check(weights, x, rows, bias, accumulate, output);
        if (!Vector512.IsHardwareAccelerated)
        {
            RunPortable(weights, x, rows, bias, accumulate, relu, output);
            return;
        }

        var inner = weights.Rows;
        var denseRows = rows >= DensePanelKernel.Rows && NonZeroRows.Count(x[..(rows * inner)]) >= DenseShare * rows * inner
            ? rows - (rows % DensePanelKernel.Rows)
            : 0;
        using var sparse = NonZeroRows.Find(x[(denseRows * inner)..(rows * inner)], rows - denseRows, inner);
        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            RunDense(weights, panel, x, denseRows, bias, accumulate, relu, output);
            RunSparse(weights, panel, sparse, denseRows, rows - denseRows, bias, accumulate, relu, output);
        }
    }

    /// <summary>The same product on <see cref="TensorPrimitives"/> only (the fallback without AVX-512).</summary>
    public static void RunPortable(
        PackedMatrix weights, ReadOnlySpan<float> x, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu, Span<float> output)
    {
        Check(weights, x, rows, bias, accumulate, output);
        var columns = weights.Columns;
        using var sparse = NonZeroRows.Find(x[..(rows * weights.Rows)], rows, weights.Rows);
        for (var panel = 0; panel < weights.PanelCount; panel++)
        {
            var start = panel * PackedMatrix.PanelWidth;
            var width = weights.PanelColumns(panel);
            var stride = weights.PanelStride(panel);
            var data = weights.Data.AsSpan(weights.PanelOffset(panel), weights.Rows * stride);
            for (var r = 0; r < rows; r++)
            {
                var y = output.Slice((r * columns) + start, width);
                if (!accumulate)
                {
                    if (bias.IsEmpty)
                    {
                        y.Clear();
                    }
                    else
                    {
                        bias.Slice(start, width).CopyTo(y);
                    }
                }

                for (var n = sparse.Offsets[r]; n < sparse.Offsets[r + 1]; n++)
                {
                    TensorPrimitives.MultiplyAdd(data.Slice(sparse.Indices[n] * stride, width), sparse.Values[n], y, y);
                }

                if (relu)
                {
                    TensorPrimitives.Max(y, 0f, y);
                }
            }
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

    private static void RunSparse(
        PackedMatrix weights, int panel, NonZeroRows sparse, int firstRow, int rows, ReadOnlySpan<float> bias, bool accumulate, bool relu,
        Span<float> output)
    {
        var columns = weights.Columns;
        var start = panel * PackedMatrix.PanelWidth;
        ref var panelStart = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(weights.Data), weights.PanelOffset(panel));
        var full = weights.PanelColumns(panel) == PackedMatrix.PanelWidth;
        for (var s = 0; s < rows; s++)
        {
            var offset = sparse.Offsets[s];
            var count = sparse.Offsets[s + 1] - offset;
            var y = output[(((firstRow + s) * columns) + start)..];
            ReadOnlySpan<float> init = accumulate ? y : bias.IsEmpty ? default : bias[start..];
            if (full)
            {
                ref var initStart = ref init.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(init);
                SparsePanelKernel.Full(ref panelStart, ref sparse.Indices[offset], ref sparse.Values[offset], count, ref initStart, relu,
                    ref MemoryMarshal.GetReference(y));
            }
            else
            {
                SparsePanelKernel.Tail(ref panelStart, weights.PanelStride(panel), weights.PanelColumns(panel), sparse.Indices.AsSpan(offset, count),
                    sparse.Values.AsSpan(offset, count), init, relu, y);
            }
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
