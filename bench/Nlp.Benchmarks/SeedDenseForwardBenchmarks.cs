using BenchmarkDotNet.Attributes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// Forward pass of the seed architecture (Dense 1000-1000-1024-6 on a count vector with ~8 non-zeros) at batch 1, 32
/// and 256: ONNX Runtime and our engine (<see cref="ForwardBenchmarks"/>). The numpy peer is timed by
/// bench/peers/numpy_forward.py on the same inputs (docs/benchmarks.md puts them side by side).
/// </summary>
public class SeedDenseForwardBenchmarks : ForwardBenchmarks
{
    [Params(1, 32, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var counts = BenchInputs.DenseCounts(Batch);
        var path = BenchPaths.Onnx("seed_dense");
        Prepare("seed_dense", Batch, BenchInputs.DenseExpected(Batch),
            threads => OnnxForward.ForCounts(path, (float[])counts.Clone(), Batch, intraOpThreads: threads),
            new Tensor(Batch, [BenchInputs.DenseWidth], (float[])counts.Clone()));
    }
}
