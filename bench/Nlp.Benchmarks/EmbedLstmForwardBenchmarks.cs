using BenchmarkDotNet.Attributes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// Forward pass of the Embedding(5000, 64) - LSTM(64) - Dense(6, softmax) text model on 50 padded ids, batch 1:
/// ONNX Runtime (the baseline, default threads and one thread; the same weights exported with the gates reordered)
/// and, once merged, our engine. The numpy peer is timed by bench/peers/numpy_forward.py on the same ids.
/// Every implementation is checked against the numpy peer's outputs before it is timed.
/// </summary>
[MemoryDiagnoser]
public class EmbedLstmForwardBenchmarks : IDisposable
{
    private OnnxForward? onnx;
    private OnnxForward? onnxOneThread;
    private CompiledNetwork? engine;
    private Tensor? engineInput;

    [Params(1)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ids = BenchInputs.LstmIds(Batch);
        var expected = BenchInputs.LstmExpected(Batch);
        var path = BenchPaths.Onnx("embed_lstm");
        onnx = OnnxForward.ForIds(path, ids, Batch, intraOpThreads: 0);
        onnxOneThread = OnnxForward.ForIds(path, (long[])ids.Clone(), Batch, intraOpThreads: 1);
        BenchInputs.Check(onnx.Run(), expected, 1e-5f, $"ONNX Runtime embed_lstm batch {Batch}");
        BenchInputs.Check(onnxOneThread.Run(), expected, 1e-5f, $"ONNX Runtime (1 thread) embed_lstm batch {Batch}");
        engine = EngineNetworks.Build(BenchPaths.ModelFolder("embed_lstm"));
        engineInput = EngineNetworks.IdsTensor(ids, Batch);
        BenchInputs.Check(EngineNetworks.Scores(engine.Forward(engineInput), expected.Length), expected, 1e-5f, $"engine embed_lstm batch {Batch}");
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
