using System.Text.Json.Nodes;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>
/// The engine fixtures (made by <c>Fixtures/Engine/make_engine_fixtures.py</c>), found from the test assembly by
/// walking up to the source folder, so they need no copy step.
/// </summary>
internal static class EngineFixtures
{
    private static readonly Lazy<string> Folder = new(Find);

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    public static ModelArchitecture Architecture(string name) => ArchitectureReader.ReadFile(Path(name), name);

    public static KerasWeightsFile Weights(string name) => Hdf5WeightReader.Read(Path(name), name);

    public static CompiledNetwork Build(string architecture, string weights, LayerRegistry? registry = null) =>
        new NetworkBuilder(registry ?? LayerRegistry.Default).Build(Architecture(architecture), Weights(weights), architecture);

    /// <summary>A fixture JSON file (read as YAML, because Python writes infinities as <c>Infinity</c>).</summary>
    public static JsonObject Json(string name) => (JsonObject)ArchitectureReader.ParseTree(File.ReadAllText(Path(name)), name)!;

    public static float[] Floats(JsonNode? node) => [.. ((JsonArray)node!).Select(v => (float)LayerConfigExtensions.ToDouble(v!)!.Value)];

    public static void AssertClose(float[] expected, float[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var allowed = tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(expected[i] == actual[i] || Math.Abs(expected[i] - actual[i]) <= allowed || (float.IsNaN(expected[i]) && float.IsNaN(actual[i])),
                $"value {i}: expected {expected[i]}, got {actual[i]} (tolerance {allowed})");
        }
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "tests", "Nlp.Infrastructure.Tests", "Fixtures", "Engine");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Nlp.Infrastructure.Tests/Fixtures/Engine was not found above " + AppContext.BaseDirectory);
    }
}
