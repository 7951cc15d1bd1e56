using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The checks of a weightless layer with one input (<c>Activation</c>, <c>Dropout</c>): weights in the file are an
/// error of the weights file, another number of inputs one of the architecture.
/// </summary>
internal static class SingleWeightlessInput
{
    /// <summary>The shape of the one input, after the checks.</summary>
    public static int?[] Shape(LayerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Weights.Count != 0)
        {
            throw new ModelFormatException(context.WeightsFile, $"layer '{context.Name}' ({context.ClassName}) has no weights, but the file gives it {context.Weights.Count}");
        }

        if (context.InputShapes.Count != 1)
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' ({context.ClassName}) takes one input, not {context.InputShapes.Count}");
        }

        return context.InputShapes[0];
    }
}
