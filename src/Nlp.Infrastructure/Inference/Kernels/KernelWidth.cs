namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>Which kernels a product runs on: the widest the processor accelerates (<see cref="Auto"/>), or a given set (tests compare them all).</summary>
internal enum KernelWidth
{
    Auto,

    /// <summary>AVX-512: <c>Vector512</c> kernels.</summary>
    Vector512,

    /// <summary>AVX2 (or NEON pairs): <c>Vector256</c> kernels (<see cref="Vector256DenseKernel"/>, <see cref="Vector256PanelKernels"/>).</summary>
    Vector256,

    /// <summary><c>TensorPrimitives</c> on each panel row: any processor.</summary>
    Portable,
}
