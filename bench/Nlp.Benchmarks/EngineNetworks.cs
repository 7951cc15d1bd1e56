using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Benchmarks;

/// <summary>
/// Our engine's network for a benchmark model folder, built by the service's own folder loader (architecture,
/// H5 weights, NetworkBuilder, serving.yaml checks against the numpy outputs), so the benchmark times exactly the
/// network the service serves and does not depend on the builder's signature.
/// </summary>
internal static class EngineNetworks
{
    /// <summary>The service's folder loader, with metrics that nothing listens to.</summary>
    public static KerasModelFolderLoader Loader { get; } = new(new PredictionMetrics(new BenchMeterFactory()));

    public static CompiledNetwork Build(string folder)
    {
        var model = Loader.Load(ModelIdentifier.Parse(Path.GetFileName(folder)), folder, CancellationToken.None);
        return ((KerasTextClassifier)model).Network;
    }

    /// <summary>Embedding input: the ids as float values, as <c>SequenceVectorizer</c> passes them.</summary>
    public static Tensor IdsTensor(long[] ids, int batch)
    {
        var data = new float[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            data[i] = ids[i];
        }

        return new Tensor(batch, [ids.Length / batch], data);
    }

    public static ReadOnlySpan<float> Scores(Tensor output, int count) => output.Data.AsSpan(0, count);

    /// <summary>One forward pass with every product on the calling thread (<c>Prediction:KernelThreads=1</c>).</summary>
    public static float RunOnOneThread(CompiledNetwork network, Tensor input)
    {
        KernelThreads.Configure(1);
        try
        {
            return Run(network, input);
        }
        finally
        {
            KernelThreads.Configure(0);
        }
    }

    private static readonly TimeSpan ServiceComputeLimit = new EngineOptions().MaxComputeTime;

    /// <summary>
    /// One forward pass on pooled memory, as the service runs it (under the default <c>Prediction:MaxComputeTime</c>);
    /// returns the first score (so nothing is elided).
    /// </summary>
    public static float Run(CompiledNetwork network, Tensor input)
    {
        using var call = network.Begin(ServiceComputeLimit);
        return call.Run(input).Data[0];
    }
}
