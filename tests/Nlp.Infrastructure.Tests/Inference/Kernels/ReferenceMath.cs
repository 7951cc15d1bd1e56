namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// The straightforward formulas the optimised kernels must agree with: plain loops in double, no skipping, no
/// blocking. Random inputs are reproducible (fixed seeds).
/// </summary>
internal static class ReferenceMath
{
    /// <summary><c>y[r, c] = init[r, c] + Σ_k x[r, k] · w[k, c]</c>, then ReLU when asked.</summary>
    public static float[] Multiply(float[] x, int rows, float[] w, int inner, int columns, float[]? bias, float[]? accumulateFrom, bool relu)
    {
        var y = new float[rows * columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                double sum = accumulateFrom?[(r * columns) + c] ?? bias?[c] ?? 0f;
                for (var k = 0; k < inner; k++)
                {
                    sum += (double)x[(r * inner) + k] * w[(k * columns) + c];
                }

                y[(r * columns) + c] = relu ? (float)Math.Max(sum, 0) : (float)sum;
            }
        }

        return y;
    }

    public static float[] Sigmoid(float[] values) => [.. values.Select(v => (float)(1 / (1 + Math.Exp(-v))))];

    public static float[] Relu(float[] values) => [.. values.Select(v => Math.Max(v, 0f))];

    public static float[] Softmax(float[] values, int width)
    {
        var result = new float[values.Length];
        for (var start = 0; start < values.Length; start += width)
        {
            var row = values.AsSpan(start, width);
            var max = row.ToArray().Max();
            var sum = row.ToArray().Sum(v => Math.Exp(v - max));
            for (var i = 0; i < width; i++)
            {
                result[start + i] = (float)(Math.Exp(row[i] - max) / sum);
            }
        }

        return result;
    }

    /// <summary>Uniform weights in [-scale, scale).</summary>
    public static float[] Weights(int count, float scale, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(((random.NextDouble() * 2) - 1) * scale))];
    }

    /// <summary>Inputs of the given kind: count vectors (~1% small integers), ReLU-like (half zeros) or dense.</summary>
    public static float[] Inputs(InputKind kind, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => kind switch
        {
            InputKind.Counts => random.NextDouble() < 0.01 ? random.Next(1, 4) : 0f,
            InputKind.HalfZeros => random.NextDouble() < 0.5 ? 0f : (float)random.NextDouble() * 2,
            _ => (float)((random.NextDouble() * 2) - 1),
        })];
    }

    public static void AssertClose(float[] expected, ReadOnlySpan<float> actual, float tolerance, string what)
    {
        Assert.True(actual.Length >= expected.Length, $"{what}: {actual.Length} values, expected {expected.Length}");
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            if (!(difference <= worst))
            {
                worst = float.IsNaN(difference) ? float.PositiveInfinity : difference;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: differs by {worst} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)})");
    }
}
