using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>Element-by-element comparison of a tensor with reference values, with an explicit tolerance.</summary>
internal static class TensorAssert
{
    /// <summary>Checks the batched shape and every value: |actual - expected| &lt;= tolerance * max(1, |expected|).</summary>
    public static void Close(int[] expectedShape, float[] expected, Tensor actual, double tolerance, string label)
    {
        Assert.Equal(expectedShape, (int[])[actual.Batch, .. actual.Shape]);
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(
                Math.Abs(actual.Data[i] - expected[i]) <= bound,
                $"{label}: value {i} is {actual.Data[i]}, the reference gives {expected[i]}");
        }
    }
}
