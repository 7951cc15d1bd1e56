using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>InputLayer</c>: a graph source whose shape is <c>batch_input_shape</c> (Keras 2, tf.keras) or
/// <c>batch_shape</c> (Keras 3) without the batch axis. It has no weights and computes nothing.
/// </summary>
internal sealed class InputLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = [ArchitectureLayer.InputLayerClass];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batchShape = context.Config.GetShape("batch_input_shape") ?? context.Config.GetShape("batch_shape");
        var shape = batchShape is { Length: > 0 }
            ? batchShape[1..]
            : context.Config.GetShape("input_shape") ?? context.Config.GetShape("shape")
            ?? throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' (InputLayer) has no batch_input_shape or batch_shape");
        if (shape.Any(d => d is <= 0))
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' (InputLayer) has an invalid shape [{string.Join(", ", shape)}]");
        }

        if (context.Config.GetBool("sparse", false) || context.Config.GetBool("ragged", false))
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' (InputLayer) takes sparse or ragged tensors, which are not supported");
        }

        return new BuiltLayer(new PassThroughLayer(context.Name, context.ClassName), shape);
    }
}
