using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// The factory of a nested model's layer entry. Before the graph is built it tells the weight matcher whether the
/// model has weights (any of its layers has); the builder then inlines the model's layers into the outer graph
/// (<see cref="NestedModelInliner"/>), and what is left of the entry is the model's output, a pass-through that
/// keeps its name (for <c>output_layers</c> and <c>serving.yaml</c>) and its mask.
/// </summary>
internal sealed class NestedModelFactory(NestedModel model, string architectureFile) : ILayerFactory
{
    public NestedModel Model { get; } = model;

    public IReadOnlyCollection<string> ClassNames { get; } = [model.Layer.ClassName];

    public bool HasWeights(JsonObject config) => Model.HasWeights(architectureFile);

    public BuiltLayer Create(LayerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        arguments.ExpectWeightCount(0, "none: the weights belong to the model's layers");
        return new BuiltLayer(new PassThroughLayer(context.Name, context.ClassName), context.InputShapes[0]);
    }
}
