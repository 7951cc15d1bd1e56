using System.Diagnostics.Metrics;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>Meters for the loader's and the catalog's metrics in tests, disposed with the factory (the Conformance tests link this file).</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
