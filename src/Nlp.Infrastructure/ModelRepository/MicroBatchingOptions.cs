using System.ComponentModel.DataAnnotations;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Micro-batching (configuration section <c>Prediction:MicroBatching</c>, off by default): single-text predictions
/// arriving at the same time for the same model are gathered and run as one batch. docs/benchmarks.md says when it pays.
/// </summary>
public sealed class MicroBatchingOptions
{
    public const string SectionName = "Prediction:MicroBatching";

    public bool Enabled { get; set; }

    /// <summary>
    /// How long a batch waits for more requests after the first one arrives. 0 (the default) takes only those
    /// already waiting, which still batches the requests that queued behind a running batch; a window (for example
    /// 200 µs) is waited out on a core, and delays a lone request that much (docs/benchmarks.md: on 2 cores it costs
    /// more than it gathers).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.Zero;

    /// <summary>The most texts in one batch.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;
}
