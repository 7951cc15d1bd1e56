using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>An <see cref="ILayerFactory"/> made of two functions, for the many layers whose factory is one line.</summary>
internal sealed class LayerFactory(
    IReadOnlyCollection<string> classNames,
    Func<JsonObject, bool> hasWeights,
    Func<LayerBuildContext, BuiltLayer> create) : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = classNames;

    public bool HasWeights(JsonObject config) => hasWeights(config);

    public BuiltLayer Create(LayerBuildContext context) => create(context);

    public static LayerFactory WithoutWeights(string className, Func<LayerBuildContext, BuiltLayer> create) =>
        new([className], _ => false, create);

    public static LayerFactory WithWeights(string className, Func<LayerBuildContext, BuiltLayer> create) =>
        new([className], _ => true, create);
}
