namespace Nlp.Application.Models;

/// <summary>
/// The catalog's view of one model folder: its state, the serving version's details (null until one loaded) and the
/// reason of the last failed load (kept while an older version still serves).
/// </summary>
public sealed record ModelStatus(
    string Identifier,
    ModelState State,
    ModelDetails? Details,
    DateTimeOffset? LoadedAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int Version);
