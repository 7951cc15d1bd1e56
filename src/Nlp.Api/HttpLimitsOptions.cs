using System.ComponentModel.DataAnnotations;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Api;

/// <summary>HTTP-level limits (configuration section <c>Http</c>).</summary>
internal sealed class HttpLimitsOptions
{
    public const string SectionName = "Http";

    /// <summary>The largest request body accepted, in bytes (default 1 MiB); larger bodies answer 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Predictions running at once; more wait in the queue. Unset (the default): <see cref="DefaultConcurrentPredictions"/>,
    /// and with micro-batching on at least its <c>MaxBatchSize</c>, so that a whole batch can gather: with 8 slots on
    /// 2 cores, 64 connections got 23,700 to 26,800 predictions/s, with 32 or 64 slots 31,100 to 31,900
    /// (docs/benchmarks.md). A micro-batched request holds no thread while it waits for its batch.
    /// </summary>
    [Range(1, 100_000)]
    public int? MaxConcurrentPredictions { get; set; }

    /// <summary>Predictions waiting for a slot; beyond this the server answers 503 with Retry-After.</summary>
    [Range(0, 1_000_000)]
    public int PredictionQueueLimit { get; set; } = 1_000;

    /// <summary>The Retry-After value (seconds) of a 503 answered for back-pressure.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>4 slots per core, at least 4.</summary>
    public static int DefaultConcurrentPredictions => Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>The gate's size: <see cref="MaxConcurrentPredictions"/> if set, else the default described there.</summary>
    public int ConcurrentPredictions(MicroBatchingOptions batching)
    {
        ArgumentNullException.ThrowIfNull(batching);
        return MaxConcurrentPredictions
            ?? (batching.Enabled ? Math.Max(DefaultConcurrentPredictions, batching.MaxBatchSize) : DefaultConcurrentPredictions);
    }
}
