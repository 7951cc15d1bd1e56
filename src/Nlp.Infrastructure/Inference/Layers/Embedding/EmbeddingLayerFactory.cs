using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Embedding (<c>input_dim</c>, <c>output_dim</c>, <c>mask_zero</c>); weight <c>embeddings [input_dim, output_dim]</c>.
/// Input <c>[time]</c> → output <c>[time, output_dim]</c> (any input rank without mask_zero). Keras 3 LoRA or
/// quantized embeddings are refused.
/// </summary>
internal sealed class EmbeddingLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Embedding"];

    public bool HasWeights(JsonObject config) => true;

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var config = context.Config;
            var input = LayerBuildErrors.SingleInput(context);
            var inputDim = config.GetInt("input_dim", 0);
            var outputDim = config.GetInt("output_dim", 0);
            if (inputDim <= 0 || outputDim <= 0)
            {
                throw LayerBuildErrors.Problem(context, "config needs positive 'input_dim' and 'output_dim'");
            }

            if (config["lora_rank"] is not null || config["quantization_config"] is not null)
            {
                throw LayerBuildErrors.Problem(context, "a LoRA or quantized Embedding is not supported");
            }

            var maskZero = config.GetBool("mask_zero", false);
            if (maskZero && input.Length != 1)
            {
                throw LayerBuildErrors.Problem(context, $"mask_zero needs an input of shape [time], got [{string.Join(", ", input)}]");
            }

            LayerBuildErrors.ExpectCount(context, 1, "embeddings");
            var embeddings = LayerBuildErrors.Expect(context, 0, "embeddings", inputDim, outputDim);
            var layer = new EmbeddingLayer(context.Name, inputDim, outputDim, embeddings, maskZero);
            return new BuiltLayer(layer, [.. input, outputDim]);
        });
}
