using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>LeakyReLU</c>, <c>ELU</c>, <c>ReLU</c> and <c>ThresholdedReLU</c>: weightless, elementwise, masks pass through.
/// Formulas as Keras's backend computes them in float32.
/// </summary>
internal static class AdvancedActivationFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        LayerFactory.WithoutWeights("LeakyReLU", CreateLeakyRelu),
        LayerFactory.WithoutWeights("ELU", CreateElu),
        LayerFactory.WithoutWeights("ReLU", CreateRelu),
        LayerFactory.WithoutWeights("ThresholdedReLU", CreateThresholdedRelu),
    ];

    private static BuiltLayer CreateLeakyRelu(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);

        // Keras 2 calls it alpha, Keras 3 negative_slope; both default to 0.3.
        var slope = (float)arguments.Double("negative_slope", arguments.Double("alpha", 0.3));
        return ElementwiseLayer.Build(arguments, v => ActivationKernels.LeakyRelu(v, slope));
    }

    private static BuiltLayer CreateElu(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        var alpha = (float)arguments.Double("alpha", 1.0);
        return ElementwiseLayer.Build(arguments, v => ActivationKernels.Elu(v, alpha));
    }

    private static BuiltLayer CreateThresholdedRelu(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        var theta = (float)arguments.Double("theta", 1.0);
        return ElementwiseLayer.Build(arguments, values =>
        {
            foreach (ref var x in values)
            {
                x = x > theta ? x : 0f;
            }
        });
    }

    /// <summary>Keras's <c>backend.relu(x, alpha=negative_slope, max_value, threshold)</c>, step by step.</summary>
    private static BuiltLayer CreateRelu(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        float? maxValue = context.Config.TryGetPropertyValue("max_value", out var node) && node is not null
            ? (float)arguments.Double("max_value", 0)
            : null;
        var slope = (float)arguments.Double("negative_slope", 0);
        var threshold = (float)arguments.Double("threshold", 0);
        if (maxValue < 0 || slope < 0)
        {
            throw arguments.Problem("max_value and negative_slope must not be negative");
        }

        if (slope != 0 && maxValue is null && threshold == 0)
        {
            return ElementwiseLayer.Build(arguments, v => ActivationKernels.LeakyRelu(v, slope));
        }

        return ElementwiseLayer.Build(arguments, values =>
        {
            foreach (ref var x in values)
            {
                var negativePart = slope != 0 ? Math.Max(-x + threshold, 0f) : 0f;
                var y = threshold != 0 ? (x > threshold ? x : 0f) : Math.Max(x, 0f);
                if (maxValue is { } max)
                {
                    y = Math.Clamp(y, 0f, max);
                }

                x = slope != 0 ? y - (slope * negativePart) : y;
            }
        });
    }
}
