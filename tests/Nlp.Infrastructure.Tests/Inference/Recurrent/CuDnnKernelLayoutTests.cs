using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>
/// CuDNN kernels become Keras kernels as Keras's <c>_convert_rnn_weights</c> converts them; expected values are numpy's
/// <c>np.hstack([b.T.reshape(b.shape, order='F') for b in np.hsplit(kernel, gates)])</c>.
/// </summary>
public sealed class CuDnnKernelLayoutTests
{
    [Fact]
    public void An_input_kernel_block_is_read_as_cudnn_reads_it()
    {
        Assert.Equal([0, 4, 3, 2, 1, 5], CuDnnKernelLayout.ToKeras([0, 2, 4, 1, 3, 5], rows: 2, units: 3, gates: 1));
    }

    [Fact]
    public void Each_gate_block_is_converted_on_its_own()
    {
        float[] kernel = [.. Enumerable.Range(0, 12).Select(i => (float)i)];

        Assert.Equal([0, 5, 2, 7, 1, 8, 3, 10, 4, 9, 6, 11], CuDnnKernelLayout.ToKeras(kernel, rows: 3, units: 2, gates: 2));
    }

    [Fact]
    public void A_recurrent_kernel_block_is_transposed()
    {
        float[] recurrent = [.. Enumerable.Range(0, 8).Select(i => (float)i)];

        Assert.Equal([0, 4, 2, 6, 1, 5, 3, 7], CuDnnKernelLayout.ToKeras(recurrent, rows: 2, units: 2, gates: 2));
    }
}
