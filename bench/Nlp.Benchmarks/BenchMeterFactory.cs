using System.Diagnostics.Metrics;

namespace Nlp.Benchmarks;

/// <summary>Plain meters for the service's <c>PredictionMetrics</c> outside a host (nothing listens to them here).</summary>
internal sealed class BenchMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
