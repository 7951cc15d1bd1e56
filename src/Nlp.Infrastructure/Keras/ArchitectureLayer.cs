using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// One layer of a model config: its name, Keras <c>class_name</c>, its <c>config</c> object and its calls.
/// An <c>InputLayer</c> has no calls (it is a source). <see cref="IsImplicit"/> marks the input layer that Keras
/// creates for a Sequential model whose first layer carries <c>batch_input_shape</c>: it is not in the config.
/// </summary>
internal sealed record ArchitectureLayer(
    string Name,
    string ClassName,
    JsonObject Config,
    IReadOnlyList<LayerCall> Calls,
    bool IsImplicit = false)
{
    public const string InputLayerClass = "InputLayer";

    public bool IsInputLayer => ClassName == InputLayerClass;

    /// <summary>True when the layer is itself a model (a Sequential or functional model used as a layer).</summary>
    public bool IsNestedModel => ClassName is "Sequential" or "Model" or "Functional";
}
