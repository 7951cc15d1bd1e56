namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>The hyper-parameters of a <see cref="Conv1DLayer"/>.</summary>
internal sealed record Conv1DSettings(
    int Channels,
    int Filters,
    int KernelSize,
    int Stride,
    int Dilation,
    int Groups,
    string Padding);
