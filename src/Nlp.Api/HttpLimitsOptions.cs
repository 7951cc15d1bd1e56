using System.ComponentModel.DataAnnotations;

namespace Nlp.Api;

/// <summary>HTTP-level limits (configuration section <c>Http</c>).</summary>
internal sealed class HttpLimitsOptions
{
    public const string SectionName = "Http";

    /// <summary>The largest request body accepted, in bytes (default 1 MiB); larger bodies answer 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Predictions running at once; more wait in the queue.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentPredictions { get; set; } = Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>Predictions waiting for a slot; beyond this the server answers 503 with Retry-After.</summary>
    [Range(0, 1_000_000)]
    public int PredictionQueueLimit { get; set; } = 1_000;

    /// <summary>The Retry-After value (seconds) of a 503 answered for back-pressure.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 1;
}
