using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Activations;

/// <summary>
/// The element-wise formulas, in float32 as TensorFlow computes them (where TensorFlow uses a dedicated kernel,
/// such as softplus's thresholds or expm1 in elu/selu, the same mathematics is used). Each works in place.
/// </summary>
internal static class ActivationKernels
{
    public const float SeluAlpha = 1.6732632423543772848170429916717f;
    public const float SeluScale = 1.0507009873554804934193349852946f;

    // TensorFlow's softplus switches formula at log(machine epsilon of float32) + 2 (about -13.94).
    private static readonly float SoftplusThreshold = MathF.Log(1.1920929e-07f) + 2f;

    public static void Relu(Span<float> x) => TensorPrimitives.Max(x, 0f, x);

    public static void Relu6(Span<float> x) => TensorPrimitives.Clamp(x, 0f, 6f, x);

    public static void LeakyRelu(Span<float> x, float negativeSlope)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = x[i] < 0 ? x[i] * negativeSlope : x[i];
        }
    }

    /// <summary>Keras 2 (and tf.keras): <c>clip(0.2 x + 0.5, 0, 1)</c>.</summary>
    public static void HardSigmoidKeras2(Span<float> x)
    {
        TensorPrimitives.Multiply(x, 0.2f, x);
        TensorPrimitives.Add(x, 0.5f, x);
        TensorPrimitives.Clamp(x, 0f, 1f, x);
    }

    /// <summary>Keras 3: <c>relu6(x + 3) / 6</c>.</summary>
    public static void HardSigmoidKeras3(Span<float> x)
    {
        TensorPrimitives.Add(x, 3f, x);
        TensorPrimitives.Clamp(x, 0f, 6f, x);
        TensorPrimitives.Divide(x, 6f, x);
    }

    /// <summary>Keras 3 <c>hard_silu</c>: <c>x * relu6(x + 3) / 6</c>.</summary>
    public static void HardSwish(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= Math.Clamp(x[i] + 3f, 0f, 6f) / 6f;
        }
    }

    /// <summary>Softmax over each row of <paramref name="width"/> values, max-subtracted (as tf.nn.softmax).</summary>
    public static void Softmax(Span<float> x, int width)
    {
        for (var start = 0; width > 0 && start + width <= x.Length; start += width)
        {
            var row = x.Slice(start, width);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
            TensorPrimitives.Exp(row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Sum(row), row);
        }
    }

    /// <summary>log_softmax over each row: <c>x - max - log(sum(exp(x - max)))</c>.</summary>
    public static void LogSoftmax(Span<float> x, int width)
    {
        for (var start = 0; width > 0 && start + width <= x.Length; start += width)
        {
            var row = x.Slice(start, width);
            TensorPrimitives.Subtract(row, TensorPrimitives.Max(row), row);
            var sum = 0.0;
            foreach (var v in row)
            {
                sum += Math.Exp(v);
            }

            TensorPrimitives.Subtract(row, (float)Math.Log(sum), row);
        }
    }

    public static void Softplus(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var v = x[i];
            x[i] = v > -SoftplusThreshold ? v : v < SoftplusThreshold ? MathF.Exp(v) : (float)Math.Log(1 + Math.Exp(v));
        }
    }

    public static void Softsign(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] /= MathF.Abs(x[i]) + 1f;
        }
    }

    public static void Elu(Span<float> x, float alpha)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < 0)
            {
                x[i] = alpha * (float)(Math.Exp(x[i]) - 1.0);
            }
        }
    }

    public static void Selu(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = x[i] > 0 ? SeluScale * x[i] : SeluScale * SeluAlpha * (float)(Math.Exp(x[i]) - 1.0);
        }
    }

    public static void Swish(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = (float)(x[i] / (1.0 + Math.Exp(-x[i])));
        }
    }

    public static void Mish(Span<float> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            x[i] = (float)(v * Math.Tanh(v > 20 ? v : Math.Log(1 + Math.Exp(v))));
        }
    }

    /// <summary><c>0.5 x (1 + erf(x / sqrt 2))</c>; with <paramref name="approximate"/>, the tanh form.</summary>
    public static void Gelu(Span<float> x, bool approximate)
    {
        for (var i = 0; i < x.Length; i++)
        {
            double v = x[i];
            x[i] = approximate
                ? (float)(0.5 * v * (1 + Math.Tanh(0.7978845608028654 * (v + (0.044715 * v * v * v)))))
                : (float)(0.5 * v * (1 + GaussErrorFunction.Erf(v / Math.Sqrt(2))));
        }
    }
}
