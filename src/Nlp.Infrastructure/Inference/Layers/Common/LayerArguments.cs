using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Reads one layer's config, input shapes and weights while it is built, turning every problem into a
/// <see cref="ModelFormatException"/> that names the layer, its class and the reason.
/// </summary>
internal sealed class LayerArguments(LayerBuildContext context)
{
    public LayerBuildContext Context { get; } = context;

    public JsonObject Config => Context.Config;

    public ModelFormatException Problem(string reason) => LayerBuildErrors.Problem(Context, reason);

    public int Int(string key, int defaultValue) => Read(() => Config.GetInt(key, defaultValue));

    public bool Bool(string key, bool defaultValue) => Read(() => Config.GetBool(key, defaultValue));

    public double Double(string key, double defaultValue) => Read(() => Config.GetDouble(key, defaultValue));

    public string? String(string key, string? defaultValue) => Read(() => Config.GetString(key, defaultValue));

    public int[]? IntList(string key) => Read(() => Config.GetIntList(key));

    /// <summary>A 1-D window argument such as <c>kernel_size: [3]</c> or <c>strides: 2</c>; must be one positive int.</summary>
    public int Window(string key, int defaultValue)
    {
        var values = IntList(key);
        if (values is null)
        {
            return defaultValue;
        }

        if (values.Length != 1 || values[0] < 1)
        {
            throw Problem($"'{key}' must be one positive integer for a 1-D layer, not [{string.Join(", ", values)}]");
        }

        return values[0];
    }

    /// <summary>
    /// The activation named by <paramref name="key"/> (absent or null: linear), for the model's Keras major version
    /// (<c>hard_sigmoid</c> differs), refusing unknown names.
    /// </summary>
    public KerasActivation Activation(string key = "activation") =>
        Read(() => KerasActivation.FromConfig(Config[key], Context.KerasMajorVersion));

    /// <summary>Refuses <c>data_format: channels_first</c> (only channels_last is served).</summary>
    public void RequireChannelsLast()
    {
        var format = String("data_format", "channels_last");
        if (format != "channels_last")
        {
            throw Problem($"data_format '{format}' is not supported (only channels_last)");
        }
    }

    /// <summary>Refuses an option that changes inference results unless it has its neutral value.</summary>
    public void RequireAbsentOrNull(string key, string reason)
    {
        if (Config.TryGetPropertyValue(key, out var node) && node is not null)
        {
            throw Problem($"'{key}' = {node.ToJsonString()} is not supported: {reason}");
        }
    }

    public int?[] SingleInput(int rank)
    {
        ExpectInputs(1, 1);
        var shape = Context.InputShapes[0];
        if (shape.Length != rank)
        {
            throw Problem($"expects an input of rank {rank} (without the batch axis), got {Shapes.Describe(shape)}");
        }

        return shape;
    }

    public void ExpectInputs(int min, int max)
    {
        var count = Context.InputShapes.Count;
        if (count < min || count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            throw Problem($"expects {expected} input(s), got {count}");
        }
    }

    /// <summary>A dimension that must be known when the layer is built (a feature axis, not the time axis).</summary>
    public int Known(int? dimension, string what) =>
        dimension ?? throw Problem($"the {what} must be known when the model is built");

    public void ExpectWeightCount(int count, string roles)
    {
        if (Context.Weights.Count != count)
        {
            throw Problem($"expects {count} weight array(s) ({roles}), the weights file has {Context.Weights.Count}");
        }
    }

    /// <summary>The values of weight <paramref name="index"/>, checked against <paramref name="shape"/>.</summary>
    public float[] Weight(int index, string role, params int[] shape)
    {
        var weight = Context.Weights[index];
        if (!weight.Shape.SequenceEqual(shape))
        {
            throw Problem($"weight '{weight.Name}' ({role}) has shape {weight.ShapeText}, expected {Shapes.Describe(shape)}");
        }

        return weight.Values;
    }

    /// <summary>A scalar weight, stored as shape <c>[]</c> (Keras) or <c>[1]</c>.</summary>
    public float Scalar(int index, string role)
    {
        var weight = Context.Weights[index];
        if (weight.Values.Length != 1 || weight.Shape.Length > 1)
        {
            throw Problem($"weight '{weight.Name}' ({role}) has shape {weight.ShapeText}, expected a scalar");
        }

        return weight.Values[0];
    }

    public long ParameterCount => Context.Weights.Sum(w => (long)w.Values.Length);

    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (FormatException e)
        {
            throw Problem(e.Message);
        }
    }
}
