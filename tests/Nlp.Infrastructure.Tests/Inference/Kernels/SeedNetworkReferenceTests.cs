using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// The seed architecture (Dense 1000 relu - Dropout - Dense 1024 relu - Dropout - Dense 6 sigmoid) on random weights
/// and count-vector inputs, run through the optimised network (pooled calls, packed kernels, shared products) and
/// through plain loops: equal within 1e-5 for batches of 1, 3, 8, 33 and 256, call after call, from many threads.
/// </summary>
public sealed class SeedNetworkReferenceTests
{
    private const float Tolerance = 1e-5f;
    private static readonly Lazy<SeedNetwork> Seed = new(() => new SeedNetwork());

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(33)]
    [InlineData(256)]
    public void The_optimised_network_equals_plain_loops(int batch)
    {
        var seed = Seed.Value;
        var x = ReferenceMath.Inputs(InputKind.Counts, batch * 1000, batch);
        var expected = seed.Reference(x, batch);

        ReferenceMath.AssertClose(expected, seed.Network.Forward(x, batch), Tolerance, "Forward");
        using var call = seed.Network.Begin();
        ReferenceMath.AssertClose(expected, call.Run(new Tensor(batch, [1000], x)).Data, Tolerance, "pooled call");
    }

    [Fact]
    public void Pooled_calls_of_changing_batch_sizes_from_many_threads_stay_exact()
    {
        var seed = Seed.Value;
        var cases = new[] { 1, 33, 3, 8, 1, 17 }.Select((batch, i) =>
        {
            var x = ReferenceMath.Inputs(i % 2 == 0 ? InputKind.Counts : InputKind.HalfZeros, batch * 1000, 100 + i);
            return (Batch: batch, X: x, Expected: seed.Reference(x, batch));
        }).ToArray();

        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (batch, x, expected) = cases[i % cases.Length];
            using var call = seed.Network.Begin();
            ReferenceMath.AssertClose(expected, call.Run(new Tensor(batch, [1000], x)).Data, Tolerance, $"call {i}, batch {batch}");
        });
    }

    private sealed class SeedNetwork
    {
        private readonly float[] w1 = ReferenceMath.Weights(1000 * 1000, 0.077f, 11);
        private readonly float[] b1 = ReferenceMath.Weights(1000, 0.05f, 12);
        private readonly float[] w2 = ReferenceMath.Weights(1000 * 1024, 0.077f, 13);
        private readonly float[] b2 = ReferenceMath.Weights(1024, 0.05f, 14);
        private readonly float[] w3 = ReferenceMath.Weights(1024 * 6, 0.1f, 15);
        private readonly float[] b3 = ReferenceMath.Weights(6, 0.05f, 16);

        public SeedNetwork()
        {
            var relu = KerasActivation.FromName("relu", 2)!;
            NetworkStep[] steps =
            [
                new(new DenseLayer("dense_1", 1000, 1000, w1, b1, relu), [0], 1),
                new(new PassThroughLayer("dropout_1", "Dropout"), [1], 2),
                new(new DenseLayer("dense_2", 1000, 1024, w2, b2, relu), [2], 3),
                new(new PassThroughLayer("dropout_2", "Dropout"), [3], 4),
                new(new DenseLayer("dense_3", 1024, 6, w3, b3, KerasActivation.FromName("sigmoid", 2)!), [4], 5),
            ];
            Network = new CompiledNetwork("seed", steps, 6, [new NetworkEndpoint("input", 0, [1000])],
                [new NetworkEndpoint("dense_3", 5, [6])], []);
        }

        public CompiledNetwork Network { get; }

        public float[] Reference(float[] x, int batch)
        {
            var h1 = ReferenceMath.Multiply(x, batch, w1, 1000, 1000, b1, null, relu: true);
            var h2 = ReferenceMath.Multiply(h1, batch, w2, 1000, 1024, b2, null, relu: true);
            return ReferenceMath.Sigmoid(ReferenceMath.Multiply(h2, batch, w3, 1024, 6, b3, null, relu: false));
        }
    }
}
