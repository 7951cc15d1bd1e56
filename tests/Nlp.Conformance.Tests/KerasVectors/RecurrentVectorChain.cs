using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// A minimal test-side runner for the keras-vectors models (chains: InputLayer → layer → ...): builds each layer
/// with the sequence-layer factories from its config, hands it its share of the vector's weights (in order, by the
/// number each layer holds), and chains Forward on a batch of one.
/// </summary>
internal static class RecurrentVectorChain
{
    private static readonly Dictionary<string, ILayerFactory> Factories =
        RecurrentLayerFactories.All.SelectMany(f => f.ClassNames.Select(c => (c, f))).ToDictionary(p => p.c, p => p.f);

    public static Tensor Run(JsonObject model, JsonObject vector)
    {
        var layers = model["config"]!["layers"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var weights = vector["weights"]?.AsArray().Select(ToArray).ToList() ?? [];
        var input = vector["input"]!.AsObject();
        var tensor = new Tensor(1, Shape(input), Values(input));
        int?[] shape = [.. tensor.Shape.Select(d => (int?)d)];
        var used = 0;
        foreach (var layer in layers.Where(l => (string?)l["class_name"] != "InputLayer"))
        {
            var className = (string)layer["class_name"]!;
            var config = layer["config"]!.AsObject();
            var name = (string?)config["name"] ?? className;
            if (!Factories.TryGetValue(className, out var factory))
            {
                throw new InvalidOperationException($"no sequence-layer factory for {className}");
            }

            var count = factory.HasWeights(config) ? WeightCount(className, config) : 0;
            var mine = weights.Skip(used).Take(count).Select((w, i) => w with { Name = $"{name}/weight_{i}" }).ToList();
            used += count;
            var built = factory.Create(new LayerBuildContext(name, className, config, [shape], mine, "vectors.json"));
            tensor = built.Layer.Forward([tensor]);
            shape = built.OutputShape;
        }

        return used == weights.Count
            ? tensor
            : throw new InvalidOperationException($"{weights.Count - used} weights were left over");
    }

    /// <summary>How many weights a layer of the vectors holds (test-side, from Keras's layer definitions).</summary>
    private static int WeightCount(string className, JsonObject config)
    {
        var useBias = (bool?)config["use_bias"] ?? true;
        return className switch
        {
            "Embedding" => 1,
            "Bidirectional" => 2 * WeightCount((string)config["layer"]!["class_name"]!, config["layer"]!["config"]!.AsObject()),
            "TimeDistributed" => WeightCount((string)config["layer"]!["class_name"]!, config["layer"]!["config"]!.AsObject()),
            "Dense" or "Conv2D" => useBias ? 2 : 1,
            _ => useBias ? 3 : 2,
        };
    }

    private static WeightArray ToArray(JsonNode? node) => new("w", Shape(node!.AsObject()), Values(node.AsObject()));

    public static int[] Shape(JsonObject array) => [.. array["shape"]!.AsArray().Select(n => (int)n!)];

    public static float[] Values(JsonObject array) => [.. array["data"]!.AsArray().Select(n => (float)(double)n!)];
}
