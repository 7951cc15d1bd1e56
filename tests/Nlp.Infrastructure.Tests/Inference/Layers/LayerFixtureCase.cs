using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// One case of a fixture file written by <c>Fixtures/Layers/make_layer_fixtures.py</c> (numpy references of Keras's
/// formulas): the layer's class and config, batched inputs with optional masks, weights and the expected output.
/// </summary>
internal sealed record LayerFixtureCase(
    string Name,
    string ClassName,
    JsonObject Config,
    IReadOnlyList<Tensor> Inputs,
    IReadOnlyList<int?[]> InputShapes,
    IReadOnlyList<WeightArray> Weights,
    int[] ExpectedShape,
    float[] Expected)
{
    private static readonly Dictionary<string, ILayerFactory> Factories =
        CoreLayerFactories.All.SelectMany(f => f.ClassNames.Select(n => (n, f))).ToDictionary(p => p.n, p => p.f);

    public static IReadOnlyList<LayerFixtureCase> Load(string file) =>
        [.. Read(file)["cases"]!.AsArray().Select(c => FromJson(c!.AsObject()))];

    public static TheoryData<string> Names(string file) => [.. Load(file).Select(c => c.Name)];

    public static LayerFixtureCase Get(string file, string name) => Load(file).Single(c => c.Name == name);

    public static JsonObject Read(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Layers", file + ".json")))!.AsObject();

    public static ILayerFactory FactoryFor(string className) => Factories[className];

    public BuiltLayer Build() =>
        FactoryFor(ClassName).Create(new LayerBuildContext(Name, ClassName, Config, InputShapes, Weights, "model.h5"));

    public static Tensor ToTensor(JsonObject data, bool[]? mask = null)
    {
        var shape = Shape(data);
        return new Tensor(shape[0], shape[1..], Values(data), mask);
    }

    public static int[] Shape(JsonObject data) => [.. data["shape"]!.AsArray().Select(n => n!.GetValue<int>())];

    public static float[] Values(JsonObject data) => [.. data["data"]!.AsArray().Select(n => (float)n!.GetValue<double>())];

    private static LayerFixtureCase FromJson(JsonObject c)
    {
        var masks = c["masks"]!.AsArray();
        var inputs = c["inputs"]!.AsArray()
            .Select((n, i) => ToTensor(n!.AsObject(), masks[i] is JsonArray m ? [.. m.Select(b => b!.GetValue<bool>())] : null))
            .ToList();
        var shapes = c["input_shapes"]!.AsArray()
            .Select(s => s!.AsArray().Select(d => d is null ? (int?)null : d.GetValue<int>()).ToArray())
            .ToList();
        var weights = c["weights"]!.AsArray()
            .Select((w, i) => new WeightArray($"w{i}", Shape(w!.AsObject()), Values(w.AsObject())))
            .ToList();
        var expected = c["expected"]!.AsObject();
        return new LayerFixtureCase(
            c["name"]!.GetValue<string>(),
            c["class_name"]!.GetValue<string>(),
            c["config"]!.AsObject(),
            inputs,
            shapes,
            weights,
            Shape(expected),
            Values(expected));
    }
}
