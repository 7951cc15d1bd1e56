using System.Text.Json.Nodes;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.Engine;

/// <summary>
/// The Dense, Activation and Dropout vectors of <c>../shared/keras-vectors/core</c> (computed by real Keras 2):
/// each key's model is built from <c>&lt;Layer&gt;.models.json</c> with the engine's builder and the vector's weights
/// (in <c>model.get_weights()</c> order), and must reproduce the expected output within 1e-4.
/// </summary>
public sealed class KerasVectorsDenseTests
{
    public static TheoryData<string, string> Keys()
    {
        var data = new TheoryData<string, string>();
        var folder = EngineSharedDirectory.Path is { } shared ? Path.Combine(shared, "keras-vectors", "core") : null;
        foreach (var layer in new[] { "Dense", "Activation", "Dropout" })
        {
            var models = folder is null ? null : Path.Combine(folder, layer + ".models.json");
            if (models is null || !File.Exists(models))
            {
                data.Add(layer, "(vectors absent)");
                continue;
            }

            foreach (var key in ((JsonObject)JsonNode.Parse(File.ReadAllText(models))!).Select(p => p.Key))
            {
                data.Add(layer, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Keras_vector_is_reproduced(string layer, string key)
    {
        var folder = EngineSharedDirectory.Require(Path.Combine("keras-vectors", "core"));
        var vectors = (JsonObject)ArchitectureReader.ParseTree(File.ReadAllText(Path.Combine(folder, layer + ".json")), layer + ".json")!;
        var models = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, layer + ".models.json")))!;
        var vector = (JsonObject)vectors[key]!;
        var architecture = ArchitectureReader.Parse(models[key]!.ToJsonString(), layer + ".models.json");
        var weights = WeightsInModelOrder(architecture, (JsonArray)vector["weights"]!, layer + ".json");

        var network = NetworkBuilder.Default.Build(architecture, weights, layer + ".models.json");
        var input = (JsonObject)vector["input"]!;
        var output = network.Forward(Floats(input["data"]), 1);

        var expected = Floats(vector["expected"]!["data"]);
        Assert.Equal(expected.Length, output.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - output[i]) <= 1e-4, $"{key} value {i}: expected {expected[i]}, got {output[i]}");
        }
    }

    /// <summary>Splits <c>model.get_weights()</c> over the layers: a Dense owns a kernel and, with <c>use_bias</c>, a bias.</summary>
    private static KerasWeightsFile WeightsInModelOrder(ModelArchitecture architecture, JsonArray weights, string fileName)
    {
        var layers = new List<LayerWeights>();
        var next = 0;
        foreach (var layer in architecture.Layers)
        {
            var count = layer.ClassName == "Dense" ? (layer.Config.GetBool("use_bias", true) ? 2 : 1) : 0;
            var arrays = new List<WeightArray>();
            for (var i = 0; i < count; i++, next++)
            {
                var weight = (JsonObject)weights[next]!;
                arrays.Add(new WeightArray($"{layer.Name}/{i}", [.. weight["shape"]!.AsArray().Select(d => d!.GetValue<int>())], Floats(weight["data"])));
            }

            layers.Add(new LayerWeights(layer.Name, arrays));
        }

        Assert.Equal(weights.Count, next);
        return new KerasWeightsFile(fileName, KerasWeightsLayout.SavedWeights, layers, null, null, "tensorflow");
    }

    private static float[] Floats(JsonNode? node) => [.. node!.AsArray().Select(v => (float)LayerConfigExtensions.ToDouble(v!)!.Value)];
}
