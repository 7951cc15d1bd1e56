using System.ComponentModel.DataAnnotations;

namespace Nlp.Api;

/// <summary>HTTP-level limits (configuration section <c>Http</c>).</summary>
internal sealed class HttpLimitsOptions
{
    public const string SectionName = "Http";

    /// <summary>The largest request body accepted, in bytes (default 1 MiB); larger bodies answer 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
