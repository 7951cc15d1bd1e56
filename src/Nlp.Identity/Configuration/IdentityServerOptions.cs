using System.ComponentModel.DataAnnotations;

namespace Nlp.Identity.Configuration;

/// <summary>The authorization server's settings (configuration section <c>Identity</c>).</summary>
public sealed class IdentityServerOptions
{
    public const string SectionName = "Identity";

    /// <summary>The audience written into every access token: the API that accepts them.</summary>
    [Required]
    public string Audience { get; set; } = "nlp-api";

    /// <summary>How long an access token is valid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The issuer URL; when empty it is inferred from the request's host.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>Refuse plain HTTP on the OAuth endpoints (leave off behind a TLS-terminating proxy).</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Folder for the SQLite file, relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public IdentityDatabaseOptions Database { get; set; } = new();

    public AdminAccountOptions Admin { get; set; } = new();

    public CertificateOptions SigningCertificate { get; set; } = new();

    public CertificateOptions EncryptionCertificate { get; set; } = new();

    /// <summary>Clients created at start when missing (never overwritten).</summary>
    public IList<SeededClientOptions> Clients { get; } = [];
}
