using System.Text.Json;

namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Fixtures/expected_sequence_topics.json (tests/tools/make_sequence_fixtures.py): for each sequence / mixed-layer
/// fixture folder and probe text, the scores of the independent numpy reference (tests/tools/folder_reference.py).
/// </summary>
internal static class ExpectedSequenceTopics
{
    private static readonly Lazy<JsonElement> Document = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "expected_sequence_topics.json"))).RootElement.Clone());

    public static IEnumerable<string> Models() => Document.Value.GetProperty("models").EnumerateObject().Select(p => p.Name);

    public static IEnumerable<(string Model, JsonElement Probe)> Probes() =>
        Document.Value.GetProperty("models").EnumerateObject()
            .SelectMany(m => m.Value.GetProperty("probes").EnumerateArray().Select(p => (m.Name, p)));

    public static IReadOnlyList<JsonElement> Probes(string model) =>
        [.. Document.Value.GetProperty("models").GetProperty(model).GetProperty("probes").EnumerateArray()];

    public static JsonElement Probe(string model, string text) =>
        Probes(model).Single(p => p.GetProperty("text").GetString() == text);
}
