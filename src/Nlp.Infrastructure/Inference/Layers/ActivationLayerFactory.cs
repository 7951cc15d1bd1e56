using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>Activation(activation)</c>: no weights, output shape = input shape.</summary>
internal sealed class ActivationLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Activation"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context)
    {
        var shape = SingleWeightlessInput.Shape(context);
        KerasActivation activation;
        try
        {
            activation = KerasActivation.FromConfig(context.Config["activation"], context.KerasMajorVersion);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' (Activation): {ex.Message}", ex);
        }

        return new BuiltLayer(new ActivationLayer(context.Name, activation), shape);
    }
}
