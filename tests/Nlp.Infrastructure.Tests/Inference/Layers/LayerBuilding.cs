using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>Builds one layer from a JSON config written inline in a test.</summary>
internal static class LayerBuilding
{
    public static BuiltLayer Build(string className, string config, int?[][] inputShapes, params WeightArray[] weights) =>
        LayerFixtureCase.FactoryFor(className).Create(
            new LayerBuildContext("layer_x", className, JsonNode.Parse(config)!.AsObject(), inputShapes, weights, "model.h5"));

    public static WeightArray Weight(string name, params int[] shape)
    {
        var size = 1;
        foreach (var d in shape)
        {
            size *= d;
        }

        return new WeightArray(name, shape, [.. Enumerable.Range(0, size).Select(i => (i % 7) * 0.1f)]);
    }

    public static Tensor Sequence(int batch, int steps, int features, bool[]? mask = null) =>
        new(batch, [steps, features], [.. Enumerable.Range(0, batch * steps * features).Select(i => MathF.Sin(i * 0.37f))], mask);
}
