namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// CuDNNLSTM / CuDNNGRU (Keras 2, tf.keras 1.x) hand each gate's <c>[rows, units]</c> kernel block to cuDNN without
/// transposing it, so cuDNN reads the block's bytes as a row-major <c>[units, rows]</c> matrix W and computes W·x.
/// The CPU layers compute x·K, so K = Wᵀ per gate: exactly Keras's own conversion of CuDNN weights
/// (<c>saving._convert_rnn_weights</c>: <c>kernel.T.reshape(kernel.shape, order='F')</c> per input-kernel block,
/// <c>k.T</c> per recurrent-kernel block, which is the same formula with <c>rows == units</c>).
/// </summary>
internal static class CuDnnKernelLayout
{
    /// <summary>The Keras-layout kernel of a cuDNN-layout <c>[rows, gates * units]</c> row-major kernel.</summary>
    public static float[] ToKeras(float[] kernel, int rows, int units, int gates)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var width = gates * units;
        if (kernel.Length != rows * width)
        {
            throw new ArgumentException($"a [{rows}, {width}] kernel has {rows * width} values, not {kernel.Length}", nameof(kernel));
        }

        var result = new float[kernel.Length];
        for (var gate = 0; gate < gates; gate++)
        {
            var offset = gate * units;
            for (var flat = 0; flat < rows * units; flat++)
            {
                // The block's flat C-order index 'flat' holds W[u, i] with flat = u * rows + i; K[i, u] = W[u, i].
                var (u, i) = Math.DivRem(flat, rows);
                var (blockRow, blockColumn) = Math.DivRem(flat, units);
                result[(i * width) + offset + u] = kernel[(blockRow * width) + offset + blockColumn];
            }
        }

        return result;
    }
}
