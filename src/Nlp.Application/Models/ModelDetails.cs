namespace Nlp.Application.Models;

/// <summary>What a loaded model is: its input pipeline, network and files.</summary>
public sealed record ModelDetails(
    IReadOnlyList<string> Labels,
    string InputMode,
    int? InputLength,
    IReadOnlyList<LayerSummary> Layers,
    long ParameterCount,
    IReadOnlyDictionary<string, string> FileSha256);
