using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>Builds single sequence layers in tests from a JSON config, an input shape and weights of given shapes.</summary>
internal static class TestLayers
{
    public static LayerBuildContext Context(string className, string configJson, int?[] inputShape, params WeightArray[] weights)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        var name = (string?)config["name"] ?? "layer";
        return new LayerBuildContext(name, className, config, [inputShape], weights, "model.h5");
    }

    public static BuiltLayer Build(string className, string configJson, int?[] inputShape, params WeightArray[] weights) =>
        SequenceChain.Factory(className).Create(Context(className, configJson, inputShape, weights));

    /// <summary>A weight of the given shape with deterministic values in [-0.5, 0.5).</summary>
    public static WeightArray Random(Random random, string name, params int[] shape)
    {
        var size = shape.Aggregate(1, (a, b) => a * b);
        var values = new float[size];
        for (var i = 0; i < size; i++)
        {
            values[i] = (float)(random.NextDouble() - 0.5);
        }

        return new WeightArray(name, shape, values);
    }

    public static Tensor Ids(params float[][] rows) =>
        new(rows.Length, [rows[0].Length], [.. rows.SelectMany(r => r)]);
}
