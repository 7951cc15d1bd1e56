using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Load errors of the sequence layers, worded "layer '&lt;name&gt;' (&lt;class&gt;): reason".</summary>
internal static class LayerBuildErrors
{
    public static ModelFormatException Problem(LayerBuildContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new(context.WeightsFile, $"layer '{context.Name}' ({context.ClassName}): {reason}");
    }

    /// <summary>Runs a factory body, turning a config value of the wrong type into a load error naming the layer.</summary>
    public static BuiltLayer Guard(LayerBuildContext context, Func<BuiltLayer> build)
    {
        try
        {
            return build();
        }
        catch (FormatException e)
        {
            throw new ModelFormatException(context.WeightsFile, $"layer '{context.Name}' ({context.ClassName}): {e.Message}", e);
        }
    }

    /// <summary>Checks one stored weight's shape, naming the weight and both shapes when they differ.</summary>
    public static float[] Expect(LayerBuildContext context, int index, string role, params int[] shape)
    {
        var weight = context.Weights[index];
        if (!weight.Shape.SequenceEqual(shape))
        {
            throw Problem(context, $"weight {index} ('{weight.Name}', the {role}) has shape {weight.ShapeText}, expected [{string.Join(", ", shape)}]");
        }

        return weight.Values;
    }

    public static void ExpectCount(LayerBuildContext context, int count, string roles)
    {
        if (context.Weights.Count != count)
        {
            throw Problem(context, $"expected {count} weights ({roles}), found {context.Weights.Count}");
        }
    }

    /// <summary>The single input's shape (without batch axis), refusing layers called on several inputs.</summary>
    public static int?[] SingleInput(LayerBuildContext context)
    {
        if (context.InputShapes.Count != 1)
        {
            throw Problem(context, $"expected one input, found {context.InputShapes.Count} (initial states or constants passed as inputs are not supported)");
        }

        return context.InputShapes[0];
    }

    /// <summary>The single input's shape, which must be <c>[time, features]</c>.</summary>
    public static int?[] SequenceInput(LayerBuildContext context)
    {
        var input = SingleInput(context);
        return input.Length == 2
            ? input
            : throw Problem(context, $"expects an input of shape [time, features], got [{string.Join(", ", input)}]");
    }
}
