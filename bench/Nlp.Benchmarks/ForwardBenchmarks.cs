using BenchmarkDotNet.Attributes;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// The four timed sides of a forward-pass benchmark: ONNX Runtime (the baseline; default threads and one thread) and
/// our engine (default kernel threads and one). A derived class loads one model and its inputs in <see cref="Prepare"/>,
/// checking every side against the numpy peer's outputs before anything is timed.
/// </summary>
[MemoryDiagnoser]
public abstract class ForwardBenchmarks : IDisposable
{
    private OnnxForward? onnx;
    private OnnxForward? onnxOneThread;
    private CompiledNetwork? engine;
    private Tensor? engineInput;

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

    /// <summary>Keeps the sides after checking each against <paramref name="expected"/> (the numpy peer's scores).</summary>
    private protected void Prepare(
        string model, int batch, float[] expected, Func<int, OnnxForward> onnxWithThreads, Tensor input)
    {
        onnx = onnxWithThreads(0);
        onnxOneThread = onnxWithThreads(1);
        BenchInputs.Check(onnx.Run(), expected, 1e-5f, $"ONNX Runtime {model} batch {batch}");
        BenchInputs.Check(onnxOneThread.Run(), expected, 1e-5f, $"ONNX Runtime (1 thread) {model} batch {batch}");
        engine = EngineNetworks.Build(BenchPaths.ModelFolder(model));
        engineInput = input;
        BenchInputs.Check(EngineNetworks.Scores(engine.Forward(engineInput), expected.Length), expected, 1e-5f, $"engine {model} batch {batch}");
    }
}
