using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Nlp.Identity.Data;

namespace Nlp.Identity.Server;

/// <summary>
/// Keeps the server's generated RSA keys in the identity store: created once, then read by every restart and
/// every replica that shares the store, so issued tokens stay valid. Used when no certificate is configured.
/// </summary>
internal sealed class ServerKeyStore(IServiceScopeFactory scopes, TimeProvider time)
{
    private const int KeySizeInBits = 2048;

    public RsaSecurityKey GetOrCreate(string use)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NlpIdentityDbContext>();
        var stored = Find(db, use);
        if (stored is null)
        {
            using var rsa = RSA.Create(KeySizeInBits);
            db.ServerKeys.Add(new ServerKey
            {
                Use = use,
                PrivateKey = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()),
                CreatedAt = time.GetUtcNow(),
            });
            try
            {
                db.SaveChanges();
            }
            catch (DbUpdateException)
            {
                // Another replica stored its key first: use that one.
                db.ChangeTracker.Clear();
            }

            stored = Find(db, use) ?? throw new InvalidOperationException($"The generated '{use}' key could not be stored.");
        }

        return ToSecurityKey(stored);
    }

    private static ServerKey? Find(NlpIdentityDbContext db, string use) =>
        db.ServerKeys.AsNoTracking().SingleOrDefault(k => k.Use == use);

    private static RsaSecurityKey ToSecurityKey(ServerKey stored)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(stored.PrivateKey), out _);
        var modulus = rsa.ExportParameters(includePrivateParameters: false).Modulus!;
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(modulus))[..16];
        return new RsaSecurityKey(rsa) { KeyId = $"{stored.Use}-{keyId}" };
    }
}
