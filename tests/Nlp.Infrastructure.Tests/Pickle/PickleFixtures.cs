using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>The files written by <c>Fixtures/Pickle/make_pickle_fixtures.py</c>, copied to the test output.</summary>
internal static class PickleFixtures
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pickle");

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    public static JsonNode Json(string relativePath) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root, relativePath))) ?? throw new InvalidDataException(relativePath);

    public static JsonArray Manifest(string name) => Json(name).AsArray();

    /// <summary>Theory rows of one string field of every manifest entry.</summary>
    public static TheoryData<string> Column(string manifest, string field)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Manifest(manifest))
        {
            data.Add(entry![field]!.GetValue<string>());
        }

        return data;
    }

    public static JsonNode Entry(string manifest, string field, string value) =>
        Manifest(manifest).Single(entry => entry![field]!.GetValue<string>() == value)!;
}
