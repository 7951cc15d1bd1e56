using System.Diagnostics.Metrics;

namespace Nlp.Api.BackPressure;

/// <summary>
/// Meter <c>Nlp.BackPressure</c>: how long requests waited for a prediction slot (only those that had to wait) and how
/// many were turned away with 503.
/// </summary>
internal sealed class BackPressureMetrics
{
    public const string MeterName = "Nlp.BackPressure";

    private readonly Histogram<double> _queueTime;
    private readonly Counter<long> _rejected;

    public BackPressureMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _queueTime = meter.CreateHistogram<double>("nlp.prediction.queue.duration", unit: "s",
            description: "Time a prediction request waited for a free slot (requests that found one free are not recorded).",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            });
        _rejected = meter.CreateCounter<long>("nlp.prediction.rejected",
            description: "Prediction requests answered 503 because every slot was taken and the queue was full.");
    }

    public void Waited(TimeSpan elapsed) => _queueTime.Record(elapsed.TotalSeconds);

    public void Rejected() => _rejected.Add(1);
}
