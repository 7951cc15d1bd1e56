using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// The panel kernels on <see cref="TensorPrimitives"/>: one multiply-add per weight row of the panel. For processors
/// without the vector kernels, and for a recurrent row's narrow last panel (<see cref="PackedMultiply.AddRow"/>).
/// </summary>
internal static class PortablePanelKernels
{
    /// <summary><c>y = epilogue(init + Σ values[n] · panel[indices[n]])</c>; <paramref name="init"/> empty for zeros.</summary>
    public static void SparseRow(
        ReadOnlySpan<float> panel, int stride, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> init, bool relu,
        Span<float> y)
    {
        Start(init, y);
        for (var n = 0; n < indices.Length; n++)
        {
            TensorPrimitives.MultiplyAdd(panel.Slice(indices[n] * stride, y.Length), values[n], y, y);
        }

        Finish(relu, y);
    }

    /// <summary><c>y = epilogue(init + x · panel)</c> for one dense row <paramref name="x"/> (every weight row).</summary>
    public static void DenseRow(ReadOnlySpan<float> panel, int stride, ReadOnlySpan<float> x, ReadOnlySpan<float> init, bool relu, Span<float> y)
    {
        Start(init, y);
        for (var k = 0; k < x.Length; k++)
        {
            TensorPrimitives.MultiplyAdd(panel.Slice(k * stride, y.Length), x[k], y, y);
        }

        Finish(relu, y);
    }

    private static void Start(ReadOnlySpan<float> init, Span<float> y)
    {
        if (init.IsEmpty)
        {
            y.Clear();
        }
        else if (!init.Overlaps(y))
        {
            init[..y.Length].CopyTo(y);
        }
    }

    private static void Finish(bool relu, Span<float> y)
    {
        if (relu)
        {
            TensorPrimitives.Max(y, 0f, y);
        }
    }
}
