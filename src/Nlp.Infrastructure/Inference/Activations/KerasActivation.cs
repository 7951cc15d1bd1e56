using System.Text.Json;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Activations;

/// <summary>
/// A Keras activation by name (<c>"relu"</c>, <c>"softmax"</c>, ...), applied in place to a layer's output.
/// <c>hard_sigmoid</c> differs between versions: Keras 2 and tf.keras compute <c>clip(0.2 x + 0.5, 0, 1)</c>,
/// Keras 3 <c>relu6(x + 3) / 6</c>; the model's Keras major version chooses. <c>gelu</c> is the exact erf form
/// (Keras's default <c>approximate=False</c>). The one implementation every layer uses (Dense, Activation, Conv1D,
/// the advanced activation layers, attention's softmax, the recurrent layers and TimeDistributed). Immutable and
/// thread-safe.
/// </summary>
internal sealed class KerasActivation
{
    public static readonly KerasActivation Linear = new(ActivationKind.Linear, "linear");

    /// <summary>Every name <see cref="FromName"/> knows (besides <c>None</c>, read as linear).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "linear", "relu", "relu6", "leaky_relu", "sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "softplus",
        "softsign", "selu", "elu", "exponential", "swish", "silu", "hard_silu", "hard_swish", "gelu", "mish",
    ];

    private KerasActivation(ActivationKind kind, string name, float parameter = 0f)
    {
        Kind = kind;
        Name = name;
        Parameter = parameter;
    }

    public ActivationKind Kind { get; }

    public string Name { get; }

    /// <summary>alpha of elu, negative slope of leaky_relu; unused otherwise.</summary>
    public float Parameter { get; }

    public bool IsLinear => Kind == ActivationKind.Linear;

    /// <summary>The activation for a Keras name; null when the name is not a Keras activation the engine has.</summary>
    public static KerasActivation? FromName(string name, int kerasMajorVersion) => name switch
    {
        "linear" or "None" => Linear,
        "relu" => new(ActivationKind.Relu, name),
        "relu6" => new(ActivationKind.Relu6, name),
        "leaky_relu" => new(ActivationKind.LeakyRelu, name, 0.2f),
        "sigmoid" => new(ActivationKind.Sigmoid, name),
        "hard_sigmoid" => new(kerasMajorVersion >= 3 ? ActivationKind.HardSigmoidKeras3 : ActivationKind.HardSigmoidKeras2, name),
        "tanh" => new(ActivationKind.Tanh, name),
        "softmax" => new(ActivationKind.Softmax, name),
        "log_softmax" => new(ActivationKind.LogSoftmax, name),
        "softplus" => new(ActivationKind.Softplus, name),
        "softsign" => new(ActivationKind.Softsign, name),
        "selu" => new(ActivationKind.Selu, name),
        "elu" => new(ActivationKind.Elu, name, 1f),
        "exponential" => new(ActivationKind.Exponential, name),
        "swish" or "silu" => new(ActivationKind.Swish, name),
        "hard_silu" or "hard_swish" => new(ActivationKind.HardSwish, name),
        "gelu" => new(ActivationKind.Gelu, name),
        "mish" => new(ActivationKind.Mish, name),
        _ => null,
    };

    /// <summary>ELU with a given alpha (the <c>ELU</c> layer); Keras's <c>elu</c> activation uses 1.</summary>
    public static KerasActivation Elu(float alpha) => new(ActivationKind.Elu, "elu", alpha);

    /// <summary>leaky relu with a given negative slope (the <c>LeakyReLU</c> layer).</summary>
    public static KerasActivation LeakyRelu(float negativeSlope) => new(ActivationKind.LeakyRelu, "leaky_relu", negativeSlope);

    /// <summary>gelu, exact (erf) or with the tanh approximation.</summary>
    public static KerasActivation Gelu(bool approximate) =>
        new(approximate ? ActivationKind.GeluApproximate : ActivationKind.Gelu, "gelu");

    /// <summary>
    /// Reads the value of an <c>activation</c> config key: a name, null (linear), or a serialized function
    /// (<c>{"class_name": "function", "config": "relu"}</c>, as some tf.keras/Keras 3 versions write it).
    /// </summary>
    public static KerasActivation FromConfig(JsonNode? node, int kerasMajorVersion)
    {
        var name = NameOf(node);
        return FromName(name, kerasMajorVersion)
            ?? throw new FormatException($"activation '{name}' is not supported (supported: {string.Join(", ", Names)})");
    }

    /// <summary>The name an <c>activation</c> config value gives (see <see cref="FromConfig"/>), known or not.</summary>
    public static string NameOf(JsonNode? node) => node switch
    {
        null => "linear",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonObject o when o["config"] is JsonValue c && c.GetValueKind() == JsonValueKind.String => c.GetValue<string>(),
        _ => throw new FormatException($"activation {JsonNodeText.Short(node)} is not a Keras activation name"),
    };

    /// <summary>Applies the function in place to one vector (softmax/log_softmax over all of it).</summary>
    public void Apply(Span<float> values) => Apply(values, values.Length);

    /// <summary>Applies the function in place; rows of <paramref name="lastAxis"/> values for softmax/log_softmax.</summary>
    public void Apply(Span<float> values, int lastAxis)
    {
        switch (Kind)
        {
            case ActivationKind.Linear:
                break;
            case ActivationKind.Relu:
                ActivationKernels.Relu(values);
                break;
            case ActivationKind.Relu6:
                ActivationKernels.Relu6(values);
                break;
            case ActivationKind.LeakyRelu:
                ActivationKernels.LeakyRelu(values, Parameter);
                break;
            case ActivationKind.Sigmoid:
                System.Numerics.Tensors.TensorPrimitives.Sigmoid(values, values);
                break;
            case ActivationKind.HardSigmoidKeras2:
                ActivationKernels.HardSigmoidKeras2(values);
                break;
            case ActivationKind.HardSigmoidKeras3:
                ActivationKernels.HardSigmoidKeras3(values);
                break;
            case ActivationKind.Tanh:
                System.Numerics.Tensors.TensorPrimitives.Tanh(values, values);
                break;
            case ActivationKind.Softmax:
                ActivationKernels.Softmax(values, lastAxis);
                break;
            case ActivationKind.LogSoftmax:
                ActivationKernels.LogSoftmax(values, lastAxis);
                break;
            case ActivationKind.Softplus:
                ActivationKernels.Softplus(values);
                break;
            case ActivationKind.Softsign:
                ActivationKernels.Softsign(values);
                break;
            case ActivationKind.Selu:
                ActivationKernels.Selu(values);
                break;
            case ActivationKind.Elu:
                ActivationKernels.Elu(values, Parameter);
                break;
            case ActivationKind.Exponential:
                System.Numerics.Tensors.TensorPrimitives.Exp(values, values);
                break;
            case ActivationKind.Swish:
                ActivationKernels.Swish(values);
                break;
            case ActivationKind.HardSwish:
                ActivationKernels.HardSwish(values);
                break;
            case ActivationKind.Gelu or ActivationKind.GeluApproximate:
                ActivationKernels.Gelu(values, Kind == ActivationKind.GeluApproximate);
                break;
            case ActivationKind.Mish:
                ActivationKernels.Mish(values);
                break;
            default:
                throw new InvalidOperationException($"activation {Kind} has no kernel");
        }
    }

    public override string ToString() => Name;
}
