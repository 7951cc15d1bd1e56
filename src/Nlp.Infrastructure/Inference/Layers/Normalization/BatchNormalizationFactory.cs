namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Builds <see cref="BatchNormalizationLayer"/>. Weights in Keras order: gamma (when <c>scale</c>), beta (when
/// <c>center</c>), moving_mean, moving_variance, each shaped <c>[channels]</c> of the one normalized axis.
/// </summary>
internal static class BatchNormalizationFactory
{
    public static ILayerFactory Instance { get; } = LayerFactory.WithWeights("BatchNormalization", Create);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        var axes = arguments.IntList("axis") ?? [-1];
        if (axes.Length != 1)
        {
            throw arguments.Problem($"normalizing over several axes [{string.Join(", ", axes)}] is not supported");
        }

        var rank = inputShape.Length + 1;
        var axis = axes[0] < 0 ? axes[0] + rank : axes[0];
        if (axis < 1 || axis >= rank)
        {
            throw arguments.Problem($"axis {axes[0]} is not a non-batch axis of input {Shapes.Describe(inputShape)}");
        }

        if (arguments.Bool("renorm", false))
        {
            throw arguments.Problem("renorm = true is not supported");
        }

        arguments.RequireAbsentOrNull("virtual_batch_size", "ghost batch normalization is not served");
        var epsilon = arguments.Double("epsilon", 1e-3);
        var center = arguments.Bool("center", true);
        var scale = arguments.Bool("scale", true);
        var channels = arguments.Known(inputShape[axis - 1], $"normalized axis {axis}");

        var roles = new List<string>();
        if (scale)
        {
            roles.Add("gamma");
        }

        if (center)
        {
            roles.Add("beta");
        }

        roles.AddRange(["moving_mean", "moving_variance"]);
        arguments.ExpectWeightCount(roles.Count, string.Join(", ", roles));
        var index = 0;
        var gamma = scale ? arguments.Weight(index++, "gamma", channels) : null;
        var beta = center ? arguments.Weight(index++, "beta", channels) : null;
        var mean = arguments.Weight(index++, "moving_mean", channels);
        var variance = arguments.Weight(index, "moving_variance", channels);

        var multiplier = new float[channels];
        var offset = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var inv = 1f / MathF.Sqrt(variance[c] + (float)epsilon);
            if (gamma is not null)
            {
                inv *= gamma[c];
            }

            multiplier[c] = inv;
            offset[c] = (beta?[c] ?? 0f) - (mean[c] * inv);
        }

        var layer = new BatchNormalizationLayer(context.Name, axis - 1, multiplier, offset) { ParameterCount = arguments.ParameterCount };
        return new BuiltLayer(layer, inputShape);
    }
}
