namespace Nlp.Identity.Data;

/// <summary>A generated RSA key of the authorization server, kept so tokens survive restarts and replicas agree.</summary>
internal sealed class ServerKey
{
    public const string SigningUse = "sig";
    public const string EncryptionUse = "enc";

    public int Id { get; set; }

    /// <summary><see cref="SigningUse"/> or <see cref="EncryptionUse"/>; one key per use.</summary>
    public required string Use { get; set; }

    /// <summary>The RSA private key as base64 PKCS#8.</summary>
    public required string PrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
