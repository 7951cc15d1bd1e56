namespace Nlp.Application.Models;

/// <summary>
/// What a loaded model is: its input pipeline, network and files, and what the load found that makes some texts fail
/// at prediction (<see cref="Warnings"/>, for example token ids its Embedding does not accept).
/// </summary>
public sealed record ModelDetails(
    IReadOnlyList<string> Labels,
    string InputMode,
    int? InputLength,
    IReadOnlyList<LayerSummary> Layers,
    long ParameterCount,
    IReadOnlyDictionary<string, string> FileSha256,
    IReadOnlyList<string> Warnings);
