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

    /// <summary>
    /// A recurrent layer (LSTM, GRU, SimpleRNN, or Bidirectional around LSTM or GRU) of 3 units on
    /// <paramref name="inputSize"/> features, with random weights.
    /// </summary>
    public static BuiltLayer Recurrent(string className, string config, Random random, int inputSize)
    {
        const int units = 3;
        var inner = className == "Bidirectional" ? (config.Contains("\"LSTM\"", StringComparison.Ordinal) ? "LSTM" : "GRU") : className;
        var width = inner switch { "LSTM" => 4 * units, "GRU" => 3 * units, _ => units };
        var resetAfter = config.Contains("\"reset_after\": true", StringComparison.Ordinal);
        WeightArray[] Set() =>
        [
            Random(random, "kernel", inputSize, width),
            Random(random, "recurrent_kernel", units, width),
            resetAfter ? Random(random, "bias", 2, width) : Random(random, "bias", width),
        ];
        WeightArray[] weights = className == "Bidirectional" ? [.. Set(), .. Set()] : Set();
        return Build(className, config, [null, inputSize], weights);
    }

    public static Tensor Ids(params float[][] rows) =>
        new(rows.Length, [rows[0].Length], [.. rows.SelectMany(r => r)]);
}
