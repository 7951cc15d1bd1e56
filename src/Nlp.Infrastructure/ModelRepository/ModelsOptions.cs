using System.ComponentModel.DataAnnotations;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Where model folders live and how they are (re)loaded (configuration section <c>Models</c>).</summary>
internal sealed class ModelsOptions
{
    public const string SectionName = "Models";

    /// <summary>The models root; a relative path is resolved against the content root.</summary>
    [Required]
    public string Path { get; set; } = "models";

    /// <summary>Load every model folder at start (readiness waits for them) instead of on first use.</summary>
    public bool EagerLoad { get; set; }

    /// <summary>Watch the models root and reload changed folders while serving.</summary>
    public bool WatchForChanges { get; set; } = true;

    /// <summary>The periodic scan that backs up file watching (file events can be lost, e.g. on network volumes).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quiet time after the last file event before a changed folder is reloaded (lets copies finish).</summary>
    public TimeSpan ReloadDebounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a failed load is remembered before the folder is tried again (unless its files change).</summary>
    public TimeSpan FailedLoadRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}
