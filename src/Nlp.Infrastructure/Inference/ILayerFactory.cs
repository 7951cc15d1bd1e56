using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Builds layers of one or more Keras classes. Factories are listed in one table (<c>LayerRegistry</c>), keyed by
/// <c>class_name</c>; an unknown class is a load error naming the layer and the class.
/// </summary>
internal interface ILayerFactory
{
    IReadOnlyCollection<string> ClassNames { get; }

    /// <summary>
    /// Whether a layer with this config stores weights: Keras's <c>load_weights</c> pairs the file's layers that
    /// have weights with the model's layers that have weights, in order.
    /// </summary>
    bool HasWeights(JsonObject config);

    /// <summary>
    /// Builds the layer, checking every option it does not support and every weight count and shape; problems are
    /// thrown as <c>ModelFormatException</c> naming the layer, its class and the reason.
    /// </summary>
    BuiltLayer Create(LayerBuildContext context);
}
