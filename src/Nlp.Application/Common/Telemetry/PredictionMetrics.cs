using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nlp.Application.Common.Telemetry;

/// <summary>
/// Prediction metrics (meter <c>Nlp.Predictions</c>): requests and their latency per model and status, batch sizes,
/// and the inference time alone (vectorise + forward), which excludes queueing and HTTP.
/// </summary>
public sealed class PredictionMetrics
{
    public const string MeterName = "Nlp.Predictions";

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Histogram<long> _batchSize;
    private readonly Histogram<double> _inference;

    public PredictionMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("nlp.prediction.requests", description: "Prediction requests by model and status.");
        _duration = meter.CreateHistogram<double>("nlp.prediction.duration", unit: "s",
            description: "Prediction request time in the application (model lookup, inference), by model and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _batchSize = meter.CreateHistogram<long>("nlp.prediction.batch_size", description: "Texts per forward pass.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _inference = meter.CreateHistogram<double>("nlp.inference.duration", unit: "s",
            description: "Vectorisation and forward pass alone, by model.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
    }

    private static double[] LatencyBuckets => [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private static readonly AsyncLocal<bool> RequestsUnrecorded = new();

    /// <summary>
    /// Leaves the prediction requests of the calling flow out of the request count and duration (the service's own
    /// warm-up requests, which no caller sent). An async method that calls this affects only the calls it makes.
    /// The inference time and batch sizes still record them: the engine did that work.
    /// </summary>
    public static void LeaveRequestsUnrecorded() => RequestsUnrecorded.Value = true;

    public void RecordRequest(string model, int status, int batchSize, TimeSpan elapsed)
    {
        if (RequestsUnrecorded.Value)
        {
            return;
        }

        var tags = new TagList { { "model", model }, { "status", status } };
        _requests.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordInference(string model, int batchSize, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model } };
        _inference.Record(elapsed.TotalSeconds, tags);
        _batchSize.Record(batchSize, tags);
    }
}
