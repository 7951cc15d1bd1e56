using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>GlobalAveragePooling1D (masked mean) and GlobalMaxPooling1D; channels_last only; <c>keepdims</c>.</summary>
internal sealed class GlobalPooling1DLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["GlobalAveragePooling1D", "GlobalMaxPooling1D"];

    public bool HasWeights(JsonObject config) => false;

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var input = LayerBuildErrors.SequenceInput(context);

            LayerBuildErrors.ExpectCount(context, 0, "none");
            var dataFormat = context.Config.GetString("data_format", "channels_last");
            if (dataFormat != "channels_last")
            {
                throw LayerBuildErrors.Problem(context, $"data_format '{dataFormat}' is not supported (only channels_last)");
            }

            var keepDims = context.Config.GetBool("keepdims", false);
            var average = context.ClassName == "GlobalAveragePooling1D";
            int?[] shape = keepDims ? [1, input[1]] : [input[1]];
            return new BuiltLayer(new GlobalPooling1DLayer(context.Name, context.ClassName, average, keepDims), shape);
        });
}
