using System.Text.Json;

namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>
/// Fixtures/expected_topics.json: for each fixture model folder and probe text, the scores of the independent numpy
/// reference (tests/tools/numpy_reference.py, the real unpickled Keras Tokenizer + a float32 numpy forward pass).
/// </summary>
internal static class ExpectedTopics
{
    private static readonly Lazy<JsonElement> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "expected_topics.json"))).RootElement.Clone());

    public static IEnumerable<(string Model, JsonElement Probe)> FixtureProbes() => Probes("models");

    public static IEnumerable<(string Model, JsonElement Probe)> BundledProbes() => Probes("bundled");

    public static IEnumerable<string> FixtureModels() => Document.Value.GetProperty("models").EnumerateObject().Select(p => p.Name);

    private static IEnumerable<(string, JsonElement)> Probes(string section) =>
        Document.Value.GetProperty(section).EnumerateObject()
            .SelectMany(m => m.Value.GetProperty("probes").EnumerateArray().Select(p => (m.Name, p)));
}
