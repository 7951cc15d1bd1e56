using System.ComponentModel.DataAnnotations;

namespace Nlp.Api.WarmUp;

/// <summary>
/// The warm-up before readiness (configuration section <c>WarmUp</c>): once the server listens and the models are
/// loaded, the service sends itself prediction requests for <see cref="Duration"/> and only then reports ready, so its
/// first callers meet code the runtime has already run once (docs/benchmarks.md, seventeenth round; ADR-013).
/// </summary>
internal sealed class WarmUpOptions
{
    public const string SectionName = "WarmUp";

    /// <summary>How long to send warm-up requests (default 0: no warm-up). Readiness waits this long after the loads.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.Zero;

    /// <summary>The text each warm-up request predicts.</summary>
    [Required]
    [StringLength(1000, MinimumLength = 1)]
    public string Text { get; set; } = "warm up before the first caller: how are you doing today?";
}
