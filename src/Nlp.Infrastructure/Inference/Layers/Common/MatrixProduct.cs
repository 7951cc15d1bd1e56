using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Row-major matrix products on spans, vectorized along the output row.</summary>
internal static class MatrixProduct
{
    /// <summary>
    /// <c>output[r, :] = bias + x[r, :] @ w</c> for x <c>[rows, inner]</c>, w <c>[inner, cols]</c>, checking
    /// <paramref name="budget"/> every <see cref="ComputeBudget.CheckWork"/> multiply-adds.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> x, int rows, int inner, ReadOnlySpan<float> w, int cols, ReadOnlySpan<float> bias, Span<float> output, ComputeBudget budget)
    {
        var rowsPerCheck = ComputeBudget.RowsPerCheck((long)inner * cols);
        for (var r = 0; r < rows; r++)
        {
            budget.CheckAt(r, rowsPerCheck);
            var row = output.Slice(r * cols, cols);
            if (bias.IsEmpty)
            {
                row.Clear();
            }
            else
            {
                bias.CopyTo(row);
            }

            var xRow = x.Slice(r * inner, inner);
            for (var k = 0; k < inner; k++)
            {
                TensorPrimitives.MultiplyAdd(w.Slice(k * cols, cols), xRow[k], row, row);
            }
        }
    }
}
