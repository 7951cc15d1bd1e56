namespace Nlp.Identity.Configuration;

/// <summary>A client created at start when missing (<c>Identity:Clients:N</c>).</summary>
public sealed class SeededClientOptions
{
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string? DisplayName { get; set; }

    public IList<string> Scopes { get; } = [];
}
