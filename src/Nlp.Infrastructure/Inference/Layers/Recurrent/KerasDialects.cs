using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Tells the Keras that wrote a layer config from keys only that Keras writes: tf.keras RNN configs always carry
/// <c>time_major</c>; Keras 3 RNN configs always carry <c>seed</c> and <c>zero_output_for_mask</c> and never
/// <c>time_major</c>; Keras 3.x layers write <c>dtype</c> as a policy object. Anything else reads as Keras 2.
/// It matters for <c>hard_sigmoid</c> (Keras 2 and tf.keras: clip(0.2x + 0.5); Keras 3: clip(x/6 + 0.5)) and for
/// Bidirectional's outputs at masked steps (tf.keras and Keras 3 force zeros there when returning sequences).
/// </summary>
internal static class KerasDialects
{
    /// <summary>
    /// The Keras major version for the activations of a sequence layer whose (wrapped) config is
    /// <paramref name="config"/>: the model's version when the builder set it, else the one these keys tell.
    /// </summary>
    public static int MajorVersion(LayerBuildContext context, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.KnownKerasMajorVersion ?? MajorVersionOf(config);
    }

    /// <summary>The Keras major version these keys tell: 3 for <see cref="KerasDialect.Keras3"/>, else 2.</summary>
    public static int MajorVersionOf(JsonObject config) => Of(config) == KerasDialect.Keras3 ? 3 : 2;

    public static KerasDialect Of(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.ContainsKey("time_major"))
        {
            return KerasDialect.TfKeras;
        }

        if (config.ContainsKey("seed") || config.ContainsKey("zero_output_for_mask")
            || config["dtype"] is JsonObject || config.ContainsKey("quantization_config") || config.ContainsKey("lora_rank"))
        {
            return KerasDialect.Keras3;
        }

        return KerasDialect.Keras2;
    }
}
