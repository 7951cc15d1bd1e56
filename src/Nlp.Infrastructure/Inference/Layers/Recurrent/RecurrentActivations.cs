using System.Numerics.Tensors;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The activations the sequence layers use, in float32 as Keras computes them. <c>hard_sigmoid</c> depends on the
/// Keras that wrote the config: Keras 2.x and tf.keras clip(0.2x + 0.5, 0, 1); Keras 3 relu6(x + 3) / 6, that is
/// clip(x / 6 + 0.5, 0, 1). <c>softmax</c> runs over the vector it is given (a gate's units, a step's features).
/// </summary>
internal static class RecurrentActivations
{
    private const float SeluAlpha = 1.67326324f;
    private const float SeluScale = 1.05070098f;

    public static IReadOnlyCollection<string> Names { get; } =
    [
        "linear", "tanh", "sigmoid", "hard_sigmoid", "relu", "relu6", "elu", "selu", "softplus", "softsign",
        "exponential", "swish", "silu", "softmax",
    ];

    /// <summary>
    /// Reads the activation named under <paramref name="key"/>: absent → <paramref name="defaultName"/>; null →
    /// linear (Keras's <c>activations.get(None)</c>); a string; or a Keras 3 serialized function object whose
    /// <c>config</c> is the name.
    /// </summary>
    public static string ReadName(JsonObject config, string key, string defaultName)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.TryGetPropertyValue(key, out var node))
        {
            return defaultName;
        }

        return node switch
        {
            null => "linear",
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            JsonObject { } obj when obj["config"] is JsonValue inner && inner.GetValueKind() == JsonValueKind.String =>
                inner.GetValue<string>(),
            _ => throw new FormatException($"config key '{key}' must name an activation, not {node.ToJsonString()}"),
        };
    }

    /// <summary>The activation for a name, or null when it is not one of <see cref="Names"/>.</summary>
    public static InPlaceActivation? Resolve(string name, KerasDialect dialect) => name switch
    {
        "linear" => static _ => { },
        "tanh" => static v => TensorPrimitives.Tanh(v, v),
        "sigmoid" => static v => TensorPrimitives.Sigmoid(v, v),
        "hard_sigmoid" => dialect == KerasDialect.Keras3 ? HardSigmoidKeras3 : HardSigmoidKeras2,
        "relu" => static v => TensorPrimitives.Max(v, 0f, v),
        "relu6" => static v =>
        {
            TensorPrimitives.Max(v, 0f, v);
            TensorPrimitives.Min(v, 6f, v);
        },
        "elu" => Elu,
        "selu" => Selu,
        "softplus" => Softplus,
        "softsign" => Softsign,
        "exponential" => static v => TensorPrimitives.Exp(v, v),
        "swish" or "silu" => Swish,
        "softmax" => Softmax,
        _ => null,
    };

    private static void HardSigmoidKeras2(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Clamp((0.2f * v[i]) + 0.5f, 0f, 1f);
        }
    }

    private static void HardSigmoidKeras3(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = Math.Clamp((v[i] / 6f) + 0.5f, 0f, 1f);
        }
    }

    private static void Elu(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = v[i] > 0f ? v[i] : MathF.Exp(v[i]) - 1f;
        }
    }

    private static void Selu(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = SeluScale * (v[i] > 0f ? v[i] : SeluAlpha * (MathF.Exp(v[i]) - 1f));
        }
    }

    private static void Softplus(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var x = v[i];
            v[i] = x > 0f ? x + float.LogP1(MathF.Exp(-x)) : float.LogP1(MathF.Exp(x));
        }
    }

    private static void Softsign(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] /= 1f + MathF.Abs(v[i]);
        }
    }

    private static void Swish(Span<float> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] *= 1f / (1f + MathF.Exp(-v[i]));
        }
    }

    private static void Softmax(Span<float> v)
    {
        if (v.IsEmpty)
        {
            return;
        }

        var max = TensorPrimitives.Max(v);
        TensorPrimitives.Subtract(v, max, v);
        TensorPrimitives.Exp(v, v);
        TensorPrimitives.Divide(v, TensorPrimitives.Sum(v), v);
    }
}
