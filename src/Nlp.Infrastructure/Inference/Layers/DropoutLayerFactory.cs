using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>Dropout</c>: the identity at inference (Keras scales at training time only), no weights.</summary>
internal sealed class DropoutLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Dropout"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context)
    {
        var shape = SingleWeightlessInput.Shape(context);
        return new BuiltLayer(new PassThroughLayer(context.Name, context.ClassName), shape);
    }
}
