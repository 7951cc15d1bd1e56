using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// TimeDistributed wrapping Dense (weights: kernel [features, units], bias [units]), Activation or Dropout
/// (identity at inference). Other wrapped classes (Conv2D, ...) are refused by name. The activation is the wrapped
/// layer's, as Dense and Activation read it, for the model's Keras version (<see cref="KerasDialects.MajorVersion"/>).
/// </summary>
internal sealed class TimeDistributedLayerFactory : ILayerFactory
{
    private static readonly string[] Supported = ["Dense", "Activation", "Dropout", "SpatialDropout1D"];

    public IReadOnlyCollection<string> ClassNames { get; } = ["TimeDistributed"];

    public bool HasWeights(JsonObject config) =>
        config?["layer"] is JsonObject spec && spec.GetString("class_name") == "Dense";

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var input = LayerBuildErrors.SingleInput(context);
            if (input.Length < 2)
            {
                throw LayerBuildErrors.Problem(context, $"expects an input of shape [time, ..., features], got [{string.Join(", ", input)}]");
            }

            if (context.Config["layer"] is not JsonObject spec || spec["config"] is not JsonObject inner)
            {
                throw LayerBuildErrors.Problem(context, "config has no wrapped 'layer' with 'class_name' and 'config'");
            }

            var innerClass = spec.GetString("class_name") ?? "";
            if (!Supported.Contains(innerClass))
            {
                throw LayerBuildErrors.Problem(
                    context,
                    $"wraps {innerClass}, which is not supported inside TimeDistributed (supported: {string.Join(", ", Supported)})");
            }

            var activation = innerClass is "Dense" or "Activation"
                ? KerasActivation.FromConfig(inner["activation"], KerasDialects.MajorVersion(context, inner))
                : KerasActivation.Linear;
            if (innerClass != "Dense")
            {
                LayerBuildErrors.ExpectCount(context, 0, "none");
                var features = input[^1] ?? throw LayerBuildErrors.Problem(context, "the input's feature size is unknown");
                var layer = new TimeDistributedLayer(context.Name, features, features, null, null, activation);
                return new BuiltLayer(layer, input);
            }

            return Dense(context, input, inner, activation);
        });

    private static BuiltLayer Dense(LayerBuildContext context, int?[] input, JsonObject inner, KerasActivation activation)
    {
        if (inner["lora_rank"] is not null || inner["quantization_config"] is not null)
        {
            throw LayerBuildErrors.Problem(context, "a LoRA or quantized Dense is not supported");
        }

        var units = inner.GetInt("units", 0);
        if (units <= 0)
        {
            throw LayerBuildErrors.Problem(context, "the wrapped Dense needs a positive 'units'");
        }

        var useBias = inner.GetBool("use_bias", true);
        LayerBuildErrors.ExpectCount(context, useBias ? 2 : 1, useBias ? "kernel, bias" : "kernel");
        var features = input[^1] ?? (context.Weights[0].Shape is [var rows, _] ? rows : 0);
        var kernel = LayerBuildErrors.Expect(context, 0, "Dense kernel", features, units);
        var bias = useBias ? LayerBuildErrors.Expect(context, 1, "Dense bias", units) : null;
        var layer = new TimeDistributedLayer(context.Name, features, units, kernel, bias, activation);
        return new BuiltLayer(layer, [.. input[..^1], units]);
    }
}
