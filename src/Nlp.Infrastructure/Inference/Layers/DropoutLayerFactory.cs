using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>Dropout</c>: the identity at inference (Keras scales at training time only), no weights.</summary>
internal sealed class DropoutLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Dropout"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Weights.Count != 0)
        {
            throw new ModelFormatException(context.WeightsFile, $"layer '{context.Name}' (Dropout) has no weights, but the file gives it {context.Weights.Count}");
        }

        if (context.InputShapes.Count != 1)
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' (Dropout) takes one input, not {context.InputShapes.Count}");
        }

        return new BuiltLayer(new PassThroughLayer(context.Name, context.ClassName), context.InputShapes[0]);
    }
}
