using System.ComponentModel.DataAnnotations;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Where model folders live (configuration section <c>Models</c>).</summary>
internal sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>The models root; a relative path is resolved against the content root.</summary>
    [Required]
    public string Path { get; set; } = "models";

    /// <summary>How long a failed load is remembered before the folder is tried again (unless its files change).</summary>
    public TimeSpan FailedLoadRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
