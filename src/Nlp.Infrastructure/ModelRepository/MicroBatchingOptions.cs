using System.ComponentModel.DataAnnotations;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Micro-batching (configuration section <c>Prediction:MicroBatching</c>, off by default): single-text predictions
/// arriving at the same time for the same model are gathered and run as one batch. docs/benchmarks.md says when it pays.
/// </summary>
internal sealed class MicroBatchingOptions
{
    public const string SectionName = "Prediction:MicroBatching";

    public bool Enabled { get; set; }

    /// <summary>
    /// How long a batch waits for more requests after the first one arrives (0: take only those already waiting,
    /// which still batches requests that queued behind a running batch). A lone request is delayed this much.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMicroseconds(200);

    /// <summary>The most texts in one batch.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;
}
