using BenchmarkDotNet.Attributes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// Forward pass of the seed architecture (Dense 1000-1000-1024-6 on a count vector with ~8 non-zeros) at batch 1, 32
/// and 256: ONNX Runtime (the baseline, default threads and one thread) and, once merged, our engine. The numpy peer
/// is timed by bench/peers/numpy_forward.py on the same inputs (docs/benchmarks.md puts them side by side).
/// Every implementation is checked against the numpy peer's outputs before it is timed.
/// </summary>
[MemoryDiagnoser]
public class SeedDenseForwardBenchmarks : IDisposable
{
    private OnnxForward? onnx;
    private OnnxForward? onnxOneThread;
    private CompiledNetwork? engine;
    private Tensor? engineInput;

    [Params(1, 32, 256)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var counts = BenchInputs.DenseCounts(Batch);
        var expected = BenchInputs.DenseExpected(Batch);
        var path = BenchPaths.Onnx("seed_dense");
        onnx = OnnxForward.ForCounts(path, counts, Batch, intraOpThreads: 0);
        onnxOneThread = OnnxForward.ForCounts(path, (float[])counts.Clone(), Batch, intraOpThreads: 1);
        BenchInputs.Check(onnx.Run(), expected, 1e-5f, $"ONNX Runtime seed_dense batch {Batch}");
        BenchInputs.Check(onnxOneThread.Run(), expected, 1e-5f, $"ONNX Runtime (1 thread) seed_dense batch {Batch}");
        engine = EngineNetworks.Build(BenchPaths.ModelFolder("seed_dense"));
        engineInput = new Tensor(Batch, [BenchInputs.DenseWidth], (float[])counts.Clone());
        BenchInputs.Check(EngineNetworks.Scores(engine.Forward(engineInput), expected.Length), expected, 1e-5f, $"engine seed_dense batch {Batch}");
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime")]
    public float[] OnnxRuntime() => onnx!.Run();

    [Benchmark(Description = "ONNX Runtime, 1 thread")]
    public float[] OnnxRuntimeOneThread() => onnxOneThread!.Run();

    /// <summary>The forward pass on pooled memory (<see cref="CompiledNetwork.Begin"/>), as the service runs it.</summary>
    [Benchmark(Description = "engine")]
    public float Engine() => EngineNetworks.Run(engine!, engineInput!);

    /// <summary>The same with every product on the calling thread (<c>Prediction:KernelThreads=1</c>).</summary>
    [Benchmark(Description = "engine, 1 thread")]
    public float EngineOneThread() => EngineNetworks.RunOnOneThread(engine!, engineInput!);

    [GlobalCleanup]
    public void Dispose()
    {
        onnx?.Dispose();
        onnxOneThread?.Dispose();
        onnx = onnxOneThread = null;
        GC.SuppressFinalize(this);
    }
}
