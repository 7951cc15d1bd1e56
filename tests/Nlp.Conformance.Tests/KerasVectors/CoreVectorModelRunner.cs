using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// A minimal test-side runner for one keras-vectors model (a Keras 2 functional config): builds its non-input layers
/// in order with <see cref="CoreLayerFactories"/> (plus <see cref="CoreVectorLinearDense"/> for linear Dense), feeding
/// each the outputs named in its first inbound node, and hands each layer the next weights of the vector by the
/// count its config implies. Returns the output of the model's first output layer for a batch of one.
/// </summary>
internal static class CoreVectorModelRunner
{
    private static readonly Dictionary<string, ILayerFactory> Factories =
        CoreLayerFactories.All.SelectMany(f => f.ClassNames.Select(n => (n, f))).ToDictionary(p => p.n, p => p.f);

    public static Tensor Run(JsonObject model, JsonObject vector)
    {
        var config = model["config"]!.AsObject();
        var inputs = vector["input"] is JsonArray list ? list.Select(n => n!.AsObject()).ToList() : [vector["input"]!.AsObject()];
        var weights = vector["weights"] is JsonArray w ? w.Select(n => n!.AsObject()).ToList() : [];
        var outputs = new Dictionary<string, (Tensor Tensor, int?[] Shape)>();
        var inputNames = config["input_layers"]!.AsArray().Select(n => n![0]!.GetValue<string>()).ToList();
        var nextWeight = 0;
        foreach (var layerNode in config["layers"]!.AsArray())
        {
            var layer = layerNode!.AsObject();
            var name = layer["name"]!.GetValue<string>();
            var className = layer["class_name"]!.GetValue<string>();
            var layerConfig = layer["config"]!.AsObject();
            if (className == "InputLayer")
            {
                var data = inputs[inputNames.IndexOf(name)];
                var tensor = ToTensor(data);
                var declared = layerConfig.GetShape("batch_input_shape")!;
                outputs[name] = (tensor, declared[1..]);
                continue;
            }

            var inbound = layer["inbound_nodes"]!.AsArray()[0]!.AsArray()
                .Select(n => n![0]!.GetValue<string>())
                .ToList();
            var count = WeightCount(className, layerConfig);
            var layerWeights = weights.Skip(nextWeight).Take(count)
                .Select((x, i) => new WeightArray($"{name}/w{i}", Shape(x), Data(x)))
                .ToList();
            nextWeight += count;
            var context = new LayerBuildContext(name, className, layerConfig, [.. inbound.Select(n => outputs[n].Shape)], layerWeights, "vectors.h5");
            var built = Build(context);
            var output = built.Layer.Forward([.. inbound.Select(n => outputs[n].Tensor)]);
            outputs[name] = (output, built.OutputShape);
        }

        if (nextWeight != weights.Count)
        {
            throw new InvalidOperationException($"{weights.Count - nextWeight} weight arrays of the vector were not used");
        }

        var outputName = config["output_layers"]!.AsArray()[0]![0]!.GetValue<string>();
        return outputs[outputName].Tensor;
    }

    public static Tensor ToTensor(JsonObject data) => new(1, Shape(data), Data(data));

    public static int[] Shape(JsonObject data) => [.. data["shape"]!.AsArray().Select(n => n!.GetValue<int>())];

    public static float[] Data(JsonObject data) => [.. data["data"]!.AsArray().Select(n => (float)n!.GetValue<double>())];

    private static BuiltLayer Build(LayerBuildContext context)
    {
        if (context.ClassName == "Dense")
        {
            var activation = context.Config.GetString("activation", "linear");
            if (activation != "linear")
            {
                throw new InvalidOperationException($"the test-side Dense only computes linear layers, not '{activation}'");
            }

            var units = context.Config.GetInt("units", 0);
            var bias = context.Weights.Count > 1 ? context.Weights[1].Values : null;
            return new BuiltLayer(new CoreVectorLinearDense(context.Name, context.Weights[0].Values, bias, units), [units]);
        }

        return Factories.TryGetValue(context.ClassName, out var factory)
            ? factory.Create(context)
            : throw new InvalidOperationException($"no factory for {context.ClassName}");
    }

    /// <summary>How many weight arrays Keras stores for a layer with this config.</summary>
    private static int WeightCount(string className, JsonObject config)
    {
        int Flag(string key, bool defaultValue) => config.GetBool(key, defaultValue) ? 1 : 0;
        return className switch
        {
            "Dense" or "Conv1D" => 1 + Flag("use_bias", true),
            "BatchNormalization" => 2 + Flag("center", true) + Flag("scale", true),
            "LayerNormalization" => Flag("center", true) + Flag("scale", true),
            "PReLU" => 1,
            "Attention" => Flag("use_scale", false) + (config.GetString("score_mode") == "concat" ? 1 : 0),
            "MultiHeadAttention" => config.GetBool("use_bias", true) ? 8 : 4,
            _ => 0,
        };
    }
}
