using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Builds <see cref="LayerNormalizationLayer"/>. <c>axis</c> (int or list) must be the trailing axes of the input
/// (e.g. -1); weights gamma (when <c>scale</c>) then beta (when <c>center</c>), shaped like the normalized axes.
/// Keras 3's <c>rms_scaling</c> is refused.
/// </summary>
internal static class LayerNormalizationFactory
{
    public static ILayerFactory Instance { get; } =
        new LayerFactory(["LayerNormalization"], config => HasWeights(config), Create);

    private static bool HasWeights(JsonObject config) =>
        config.GetBool("center", defaultValue: true) || config.GetBool("scale", defaultValue: true);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        var rank = inputShape.Length + 1;
        var given = arguments.IntList("axis") ?? [-1];
        var axes = given.Select(a => a < 0 ? a + rank : a).Distinct().Order().ToArray();
        if (axes.Length == 0 || axes[0] < 1 || axes[^1] != rank - 1 || axes.Where((a, i) => a != axes[0] + i).Any())
        {
            throw arguments.Problem($"axis [{string.Join(", ", given)}] must be the trailing axes of input {Shapes.Describe(inputShape)}");
        }

        if (arguments.Bool("rms_scaling", false))
        {
            throw arguments.Problem("rms_scaling = true is not supported");
        }

        var paramShape = axes.Select(a => arguments.Known(inputShape[a - 1], $"normalized axis {a}")).ToArray();
        var epsilon = (float)arguments.Double("epsilon", 1e-3);
        var center = arguments.Bool("center", true);
        var scale = arguments.Bool("scale", true);
        var count = (scale ? 1 : 0) + (center ? 1 : 0);
        arguments.ExpectWeightCount(count, scale && center ? "gamma, beta" : scale ? "gamma" : center ? "beta" : "none");
        var gamma = scale ? arguments.Weight(0, "gamma", paramShape) : null;
        var beta = center ? arguments.Weight(scale ? 1 : 0, "beta", paramShape) : null;
        var layer = new LayerNormalizationLayer(context.Name, Shapes.Product(paramShape), epsilon, gamma, beta);
        return new BuiltLayer(layer, inputShape);
    }
}
