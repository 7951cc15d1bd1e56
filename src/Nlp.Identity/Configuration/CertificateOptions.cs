namespace Nlp.Identity.Configuration;

/// <summary>A PKCS#12 (.pfx) certificate file and its password.</summary>
public sealed class CertificateOptions
{
    public string? Path { get; set; }

    public string? Password { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Path);
}
