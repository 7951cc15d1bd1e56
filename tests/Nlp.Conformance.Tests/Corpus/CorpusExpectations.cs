using System.Text.Json;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// Fixtures/corpus_expectations.json, written by tests/tools/corpus_reference.py (numpy over the corpus files): per
/// folder the sha256 of the files it read and, where the network runs, its inputs (ids or floats) and outputs.
/// </summary>
internal static class CorpusExpectations
{
    private static readonly Lazy<JsonElement> Document = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "corpus_expectations.json"))).RootElement.Clone());

    public static double Tolerance => Document.Value.GetProperty("tolerance").GetDouble();

    public static IEnumerable<string> Folders => Document.Value.GetProperty("folders").EnumerateObject().Select(p => p.Name);

    public static IReadOnlyDictionary<string, string> Files(string folder) =>
        Folder(folder).GetProperty("files").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    public static IReadOnlyList<CorpusSample> Samples(string folder) =>
        Folder(folder).TryGetProperty("samples", out var samples)
            ? [.. samples.EnumerateArray().Select(Sample)]
            : [];

    private static JsonElement Folder(string folder) => Document.Value.GetProperty("folders").GetProperty(folder);

    private static CorpusSample Sample(JsonElement sample) => new(
        sample.TryGetProperty("exampleText", out var example) ? example.GetInt32() : null,
        sample.TryGetProperty("text", out var text) ? text.GetString() : null,
        sample.TryGetProperty("ids", out var ids) ? [.. ids.EnumerateArray().Select(i => i.GetInt32())] : null,
        sample.TryGetProperty("shape", out var shape) ? [.. shape.EnumerateArray().Select(i => i.GetInt32())] : null,
        sample.TryGetProperty("values", out var values) ? [.. values.EnumerateArray().Select(v => (float)v.GetDouble())] : null,
        [.. sample.GetProperty("output").EnumerateArray().Select(v => v.GetDouble())]);
}
