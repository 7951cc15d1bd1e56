using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// One product of <see cref="PackedMultiply"/> (validated there), computed panel by panel: <see cref="RunPanel"/>
/// writes the panel's columns of every row, the dense row blocks first, then the sparse rows. Panels are
/// independent, so any thread may run any panel. The rows are <c>rows</c> rows of <c>x</c> and <c>output</c> from
/// <c>firstRow</c> on (a long product runs in parts of rows, <see cref="PackedMultiply"/>).
/// </summary>
internal readonly struct PanelProduct(
    PackedMatrix weights, float[] x, int firstRow, int rows, int denseRows, NonZeroRows sparse, float[]? bias, bool accumulate, bool relu,
    float[] output, KernelWidth kernels)
{
    public int PanelCount => weights.PanelCount;

    public void RunPanel(int panel)
    {
        var columns = weights.Columns;
        var start = panel * PackedMatrix.PanelWidth;
        var width = weights.PanelColumns(panel);
        var stride = weights.PanelStride(panel);
        var full = width == PackedMatrix.PanelWidth;
        ref var panelStart = ref weights.PanelStart(panel); // PackedMultiply keeps the weights alive until every panel is done
        var panelData = weights.Panel(panel);
        var inner = weights.Rows;
        var xStart = firstRow * inner;
        var yStart = firstRow * columns;
        for (int r = 0, block; r < denseRows; r += block)
        {
            block = kernels == KernelWidth.Vector512 ? Math.Min(DensePanelKernel.Rows, denseRows - r) : Vector256DenseKernel.BlockRows(denseRows - r);
            var y = output.AsSpan(yStart + (r * columns) + start);
            var init = Init(y, start);
            var initStride = accumulate ? columns : 0;
            ref var initStart = ref init.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(init);
            if (full && kernels == KernelWidth.Vector512)
            {
                DensePanelKernel.Full(ref panelStart, ref x[xStart + (r * inner)], inner, ref initStart, initStride, relu, ref MemoryMarshal.GetReference(y), columns, block);
            }
            else if (full)
            {
                Vector256DenseKernel.Full(ref panelStart, ref x[xStart + (r * inner)], inner, ref initStart, initStride, relu, ref MemoryMarshal.GetReference(y), columns, block);
            }
            else if (kernels == KernelWidth.Vector512)
            {
                DensePanelKernel.Tail(ref panelStart, stride, width, x.AsSpan(xStart + (r * inner), block * inner), inner, init, initStride, relu, y, columns, block);
            }
            else if (kernels == KernelWidth.Vector256)
            {
                Vector256PanelKernels.DenseTail(ref panelStart, stride, width, x.AsSpan(xStart + (r * inner), block * inner), inner, init, initStride, relu, y, columns, block);
            }
            else
            {
                for (var i = 0; i < block; i++)
                {
                    var row = y.Slice(i * columns, width);
                    PortablePanelKernels.DenseRow(panelData, stride, x.AsSpan(xStart + ((r + i) * inner), inner), Init(row, start), relu, row);
                }
            }
        }

        for (var s = 0; s < rows - denseRows; s++)
        {
            var offset = sparse.Offsets[s];
            var count = sparse.Offsets[s + 1] - offset;
            var y = output.AsSpan(yStart + ((denseRows + s) * columns) + start, width);
            var init = Init(y, start);
            if (full && kernels != KernelWidth.Portable)
            {
                ref var initStart = ref init.IsEmpty ? ref Unsafe.NullRef<float>() : ref MemoryMarshal.GetReference(init);
                if (kernels == KernelWidth.Vector512)
                {
                    SparsePanelKernel.Full(ref panelStart, ref sparse.Indices[offset], ref sparse.Values[offset], count, ref initStart, relu,
                        ref MemoryMarshal.GetReference(y));
                }
                else
                {
                    Vector256PanelKernels.SparseRow(ref panelStart, ref sparse.Indices[offset], ref sparse.Values[offset], count, ref initStart, relu,
                        ref MemoryMarshal.GetReference(y));
                }
            }
            else if (kernels == KernelWidth.Vector512)
            {
                SparsePanelKernel.Tail(ref panelStart, stride, width, sparse.Indices.AsSpan(offset, count), sparse.Values.AsSpan(offset, count), init, relu, y);
            }
            else if (kernels == KernelWidth.Vector256)
            {
                Vector256PanelKernels.SparseTail(ref panelStart, stride, width, sparse.Indices.AsSpan(offset, count), sparse.Values.AsSpan(offset, count), init, relu, y);
            }
            else
            {
                PortablePanelKernels.SparseRow(panelData, stride, sparse.Indices.AsSpan(offset, count), sparse.Values.AsSpan(offset, count), init, relu, y);
            }
        }
    }

    /// <summary>Where a row's panel starts from: its own values (accumulating), the bias, or nothing (zeros).</summary>
    private ReadOnlySpan<float> Init(Span<float> y, int start) =>
        accumulate ? y : bias is null ? default : bias.AsSpan(start, Math.Min(y.Length, bias.Length - start));
}
