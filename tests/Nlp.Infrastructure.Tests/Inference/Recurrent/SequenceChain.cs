using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>Test-side chain runner: builds each layer of a fixture case with the sequence-layer factories and chains Forward.</summary>
internal static class SequenceChain
{
    private static readonly Dictionary<string, ILayerFactory> Factories =
        RecurrentLayerFactories.All.SelectMany(f => f.ClassNames.Select(c => (c, f))).ToDictionary(p => p.c, p => p.f);

    public static ILayerFactory Factory(string className) => Factories[className];

    /// <summary>Builds the case's layers; the first input's time axis is left unknown (null), as Keras models often have it.</summary>
    public static List<BuiltLayer> Build(JsonObject fixture)
    {
        var inputShape = Shape(fixture["input"]!.AsObject());
        int?[] shape = [null, .. inputShape[2..].Select(d => (int?)d)];
        var built = new List<BuiltLayer>();
        foreach (var node in fixture["layers"]!.AsArray())
        {
            var layer = node!.AsObject();
            var className = (string)layer["class_name"]!;
            var config = layer["config"]!.AsObject();
            var name = (string)config["name"]!;
            var weights = layer["weights"]!.AsArray()
                .Select((w, i) => new WeightArray($"{name}/w{i}:0", Shape(w!.AsObject()), Values(w.AsObject())))
                .ToList();
            var result = Factory(className).Create(new LayerBuildContext(name, className, config, [shape], weights, "model.h5"));
            built.Add(result);
            shape = result.OutputShape;
        }

        return built;
    }

    public static Tensor Input(JsonObject fixture)
    {
        var input = fixture["input"]!.AsObject();
        var shape = Shape(input);
        return new Tensor(shape[0], shape[1..], Values(input));
    }

    public static Tensor Run(IEnumerable<BuiltLayer> layers, Tensor input) =>
        layers.Aggregate(input, (tensor, layer) => layer.Layer.Forward([tensor]));

    public static int[] Shape(JsonObject array) => [.. array["shape"]!.AsArray().Select(n => (int)n!)];

    public static float[] Values(JsonObject array) => [.. array["data"]!.AsArray().Select(n => (float)(double)n!)];
}
