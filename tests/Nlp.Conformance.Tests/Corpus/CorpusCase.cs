namespace Nlp.Conformance.Tests.Corpus;

/// <summary>What a corpus folder is expected to do.</summary>
internal enum CorpusOutcome
{
    /// <summary>Served through <c>KerasModelFolderLoader</c> once <see cref="CorpusCase.ServingYaml"/> is added.</summary>
    Served,

    /// <summary>Not a servable text model (no Keras Tokenizer, non-text input): the engine runs its network on ids or floats.</summary>
    Engine,

    /// <summary>Refused with a precise reason, however it is set up.</summary>
    Refused,
}

/// <summary>
/// One corpus folder: its outcome, the refusal of the folder as its repository held it (<see cref="AsIs"/>, as
/// <c>file: problem</c>; null when it loads as it is), and what makes it load: a <c>serving.yaml</c> and files left out
/// (Served), or the files the engine reads (Engine). <see cref="Prepared"/> lists further serving.yaml texts and the
/// refusal each must give.
/// </summary>
internal sealed record CorpusCase(string Folder, CorpusOutcome Outcome, string? AsIs)
{
    public string? ServingYaml { get; init; }

    public IReadOnlyCollection<string> LeaveOut { get; init; } = [];

    public string? Architecture { get; init; }

    public string? Weights { get; init; }

    public IReadOnlyList<(string ServingYaml, string Refusal)> Prepared { get; init; } = [];

    /// <summary>What the load of a served folder warns about (token ids its Embedding does not accept).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public override string ToString() => Folder;
}
