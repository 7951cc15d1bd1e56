namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>What the input rows of a kernel test look like.</summary>
public enum InputKind
{
    /// <summary>A count vector: about 1% non-zero small integers.</summary>
    Counts,

    /// <summary>A ReLU output: about half zeros.</summary>
    HalfZeros,

    /// <summary>No zeros.</summary>
    Dense,
}
