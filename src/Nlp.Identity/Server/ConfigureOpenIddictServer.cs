using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Nlp.Identity.Configuration;
using Nlp.Identity.Data;
using OpenIddict.Server;

namespace Nlp.Identity.Server;

/// <summary>
/// Applies <c>Identity:*</c> to OpenIddict when the options are first used (so configuration added late, e.g. by a
/// test host, still counts): token lifetime, issuer, and the signing / encryption keys, from configured
/// certificates or else generated and persisted in the store.
/// </summary>
internal sealed class ConfigureOpenIddictServer(
    IOptions<IdentityServerOptions> identityOptions,
    IHostEnvironment environment,
    ServerKeyStore keyStore) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var settings = identityOptions.Value;
        options.AccessTokenLifetime = settings.AccessTokenLifetime;
        if (settings.Issuer is not null)
        {
            options.Issuer = settings.Issuer;
        }

        // Access tokens are signed JWTs, not encrypted, so a split-off API can validate them with the
        // public JWKS alone (docs/decisions/ADR-006-openiddict-token-format.md).
        options.DisableAccessTokenEncryption = true;

        SecurityKey signingKey = settings.SigningCertificate.IsConfigured
            ? new X509SecurityKey(CertificateFile.Load(settings.SigningCertificate, "Identity:SigningCertificate", environment.ContentRootPath))
            : keyStore.GetOrCreate(ServerKey.SigningUse);
        options.SigningCredentials.Add(new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256));

        SecurityKey encryptionKey = settings.EncryptionCertificate.IsConfigured
            ? new X509SecurityKey(CertificateFile.Load(settings.EncryptionCertificate, "Identity:EncryptionCertificate", environment.ContentRootPath))
            : keyStore.GetOrCreate(ServerKey.EncryptionUse);
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            encryptionKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
