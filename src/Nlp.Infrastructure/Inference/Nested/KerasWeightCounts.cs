using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// How many trainable and non-trainable weights a layer of a given class and config holds, as its factory expects
/// them. Keras 2 saves a nested model's weights as all its layers' trainable weights, then all their non-trainable
/// ones (<c>BatchNormalization</c>'s moving mean and variance; every weight of a layer with <c>trainable: false</c>),
/// so splitting the saved list needs both counts. Null for a class whose counts are not known here.
/// </summary>
internal static class KerasWeightCounts
{
    public static (int Trainable, int NonTrainable)? Of(string className, JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var counts = className switch
        {
            "Dense" or "Conv1D" => (Bias(config), 0),
            "Embedding" or "PReLU" => (1, 0),
            "LSTM" or "GRU" or "SimpleRNN" or "CuDNNLSTM" or "CuDNNGRU" => (RecurrentLayerBuilder.WeightCount(className, config), 0),
            "Bidirectional" => (Bidirectional(config), 0),
            "TimeDistributed" => (Wrapped(config) is ("Dense", var inner) ? Bias(inner) : 0, 0),
            "BatchNormalization" => (ScaleAndCenter(config), 2),
            "LayerNormalization" => (ScaleAndCenter(config), 0),
            "Attention" => ((config.GetBool("use_scale", false) ? 1 : 0) + (config.GetString("score_mode") == "concat" ? 1 : 0), 0),
            "MultiHeadAttention" => (config.GetBool("use_bias", true) ? 8 : 4, 0),
            _ => ((int, int)?)null,
        };
        if (counts is not var (trainable, nonTrainable))
        {
            return null;
        }

        // A frozen layer's weights are all non-trainable (Keras 2 Layer.non_trainable_weights).
        return config.GetBool("trainable", true) ? (trainable, nonTrainable) : (0, trainable + nonTrainable);
    }

    private static int Bias(JsonObject config) => config.GetBool("use_bias", true) ? 2 : 1;

    private static int ScaleAndCenter(JsonObject config) =>
        (config.GetBool("scale", true) ? 1 : 0) + (config.GetBool("center", true) ? 1 : 0);

    private static int Bidirectional(JsonObject config)
    {
        var (forwardClass, forward) = Wrapped(config) ?? throw new FormatException("Bidirectional has no wrapped 'layer'");
        var (backwardClass, backward) = Wrapped(config, "backward_layer") ?? (forwardClass, forward);
        return RecurrentLayerBuilder.WeightCount(forwardClass, forward) + RecurrentLayerBuilder.WeightCount(backwardClass, backward);
    }

    private static (string ClassName, JsonObject Config)? Wrapped(JsonObject config, string key = "layer") =>
        config[key] is JsonObject spec && spec.GetString("class_name") is { } className && spec["config"] is JsonObject inner
            ? (className, inner)
            : null;
}
