using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>
/// Fixtures/Recurrent/recurrent_cases.json, written by make_recurrent_fixtures.py (a numpy reference written from the
/// Keras sources): chains of sequence layers with random weights, their input batch and the reference output.
/// </summary>
internal static class RecurrentFixtureCases
{
    private static readonly Lazy<Dictionary<string, JsonObject>> Cases = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Recurrent", "recurrent_cases.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["cases"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["name"]!);
    });

    public static TheoryData<string> Names => [.. Cases.Value.Keys];

    public static JsonObject Get(string name) => Cases.Value[name];
}
