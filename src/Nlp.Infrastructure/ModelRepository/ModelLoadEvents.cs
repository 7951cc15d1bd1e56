using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Nlp.Application.Common.Exceptions;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Logs and metrics of model loads (meter <c>Nlp.Models</c>).</summary>
internal sealed partial class ModelLoadEvents
{
    public const string MeterName = "Nlp.Models";

    private readonly ILogger<ModelLoadEvents> _logger;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _duration;
    private readonly Meter _meter;

    public ModelLoadEvents(ILogger<ModelLoadEvents> logger, IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _logger = logger;
        var meter = _meter = meters.Create(MeterName);
        _loads = meter.CreateCounter<long>("nlp.model.loads", description: "Model loads that succeeded.");
        _failures = meter.CreateCounter<long>("nlp.model.load_failures", description: "Model loads that failed.");
        _duration = meter.CreateHistogram<double>("nlp.model.load.duration", unit: "s", description: "Time to load a model folder.");
        meter.CreateObservableGauge(
            "nlp.models.weights_mapped", () => Inference.Kernels.WeightMemory.NativeBytes, unit: "By",
            description: "Bytes of model weights mapped outside the GC heap, on huge pages where the system offers them (ADR-012); "
                + "a dropped model's leave at the next collection that finds them unreachable.");
    }

    /// <summary>Publishes the number of models serving a version (gauge <c>nlp.models.loaded</c>).</summary>
    public void ObserveLoadedModels(Func<int> count) =>
        _meter.CreateObservableGauge("nlp.models.loaded", count, description: "Models with a serving version.");

    public void Loaded(ModelIdentifier model, TimeSpan elapsed, int version, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(warnings);
        _loads.Add(1, new KeyValuePair<string, object?>("model", model.Value));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model.Value), new("outcome", "loaded"));
        LogLoaded(_logger, model.Value, version, elapsed.TotalMilliseconds);
        foreach (var warning in warnings)
        {
            LogLoadWarning(_logger, model.Value, version, warning);
        }
    }

    public void Failed(ModelIdentifier model, TimeSpan elapsed, ModelLoadException error, bool stillServing)
    {
        _failures.Add(1, new KeyValuePair<string, object?>("model", model.Value));
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("model", model.Value), new("outcome", "failed"));
        LogFailed(_logger, error, model.Value, stillServing);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} in {ElapsedMs:F1} ms")]
    private static partial void LogLoaded(ILogger logger, string model, int version, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} version {Version}: {Warning}")]
    private static partial void LogLoadWarning(ILogger logger, string model, int version, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} cannot be loaded (previous version still serving: {StillServing})")]
    private static partial void LogFailed(ILogger logger, Exception error, string model, bool stillServing);
}
