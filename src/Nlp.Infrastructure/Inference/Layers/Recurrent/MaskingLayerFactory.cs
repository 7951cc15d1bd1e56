using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Masking (<c>mask_value</c>, default 0.0) on a <c>[time, features]</c> input.</summary>
internal sealed class MaskingLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Masking"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var input = LayerBuildErrors.SequenceInput(context);

            LayerBuildErrors.ExpectCount(context, 0, "none");
            var maskValue = (float)context.Config.GetDouble("mask_value", 0.0);
            return new BuiltLayer(new MaskingLayer(context.Name, maskValue), input);
        });
}
