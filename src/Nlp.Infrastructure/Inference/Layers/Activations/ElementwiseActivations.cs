using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras activation functions by name, in float32 as Keras computes them. <c>hard_sigmoid</c> differs between
/// Keras 2 (clip(0.2x + 0.5, 0, 1)) and Keras 3 (relu6(x + 3) / 6): <see cref="Find"/> takes the generation.
/// </summary>
internal static class ElementwiseActivations
{
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    public static IReadOnlyCollection<string> Names { get; } =
    [
        "linear", "relu", "relu6", "tanh", "sigmoid", "softmax", "log_softmax", "elu", "selu", "softplus", "softsign",
        "exponential", "swish", "silu", "gelu", "hard_sigmoid", "hard_silu", "hard_swish", "leaky_relu", "mish",
    ];

    /// <summary>The activation called <paramref name="name"/>, or null when it is not a known Keras activation.</summary>
    public static ActivationFunction? Find(string name, bool keras3 = false) => name switch
    {
        "linear" => static (_, _) => { },
        "relu" => static (v, _) => TensorPrimitives.Max(v, 0f, v),
        "relu6" => static (v, _) => TensorPrimitives.Clamp(v, 0f, 6f, v),
        "tanh" => static (v, _) => TensorPrimitives.Tanh(v, v),
        "sigmoid" => static (v, _) => TensorPrimitives.Sigmoid(v, v),
        "softmax" => Softmax,
        "log_softmax" => LogSoftmax,
        "elu" => static (v, _) => Map(v, x => x > 0 ? x : Math.Exp(x) - 1),
        "selu" => static (v, _) => Map(v, x => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1))),
        "softplus" => static (v, _) => Map(v, Softplus),
        "softsign" => static (v, _) => Map(v, x => x / (1 + Math.Abs(x))),
        "exponential" => static (v, _) => TensorPrimitives.Exp(v, v),
        "swish" or "silu" => static (v, _) => Map(v, x => x / (1 + Math.Exp(-x))),
        "gelu" => static (v, _) => Map(v, x => 0.5 * x * (1 + ErrorFunction.Erf(x / Math.Sqrt(2)))),
        "hard_sigmoid" => keras3 ? static (v, _) => HardSigmoid3(v) : static (v, _) => HardSigmoid2(v),
        "hard_silu" or "hard_swish" => static (v, _) => HardSilu(v),
        "leaky_relu" => static (v, _) => LeakyRelu(v, 0.2f),
        "mish" => static (v, _) => Map(v, x => x * Math.Tanh(Softplus(x))),
        _ => null,
    };

    /// <summary>x &gt; 0 ? x : slope * x (tf.nn.leaky_relu).</summary>
    public static void LeakyRelu(Span<float> values, float slope)
    {
        foreach (ref var x in values)
        {
            x = x > 0 ? x : x * slope;
        }
    }

    /// <summary>Softmax of each row: exp(x - max) / sum(exp(x - max)).</summary>
    public static void Softmax(Span<float> values, int lastAxisLength)
    {
        for (var start = 0; start < values.Length; start += lastAxisLength)
        {
            var row = values.Slice(start, lastAxisLength);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp(row, row);
            var sum = TensorPrimitives.Sum(row);
            TensorPrimitives.Divide(row, sum, row);
        }
    }

    private static void LogSoftmax(Span<float> values, int lastAxisLength)
    {
        for (var start = 0; start < values.Length; start += lastAxisLength)
        {
            var row = values.Slice(start, lastAxisLength);
            var max = TensorPrimitives.Max(row);
            TensorPrimitives.Subtract(row, max, row);
            var sum = 0.0;
            foreach (var x in row)
            {
                sum += Math.Exp(x);
            }

            TensorPrimitives.Subtract(row, (float)Math.Log(sum), row);
        }
    }

    private static void HardSigmoid2(Span<float> values)
    {
        foreach (ref var x in values)
        {
            x = Math.Clamp((x * 0.2f) + 0.5f, 0f, 1f);
        }
    }

    private static void HardSigmoid3(Span<float> values)
    {
        foreach (ref var x in values)
        {
            x = Math.Clamp(x + 3f, 0f, 6f) / 6f;
        }
    }

    private static void HardSilu(Span<float> values)
    {
        foreach (ref var x in values)
        {
            x *= Math.Clamp(x + 3f, 0f, 6f) / 6f;
        }
    }

    /// <summary>log(1 + exp(x)) without overflow or loss for large |x|.</summary>
    private static double Softplus(double x)
    {
        var e = Math.Exp(-Math.Abs(x));
        var log1p = e < 1e-5 ? e - (e * e / 2) : Math.Log(1 + e);
        return Math.Max(x, 0) + log1p;
    }

    private static void Map(Span<float> values, Func<double, double> function)
    {
        foreach (ref var x in values)
        {
            x = (float)function(x);
        }
    }
}
