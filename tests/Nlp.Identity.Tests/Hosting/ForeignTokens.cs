using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>Tokens that look right (issuer, audience, scope, kid) but are signed with a key the server never had.</summary>
internal static class ForeignTokens
{
    public static string SignedWithAnotherKey(string genuineToken)
    {
        var genuine = new JsonWebToken(genuineToken);
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = genuine.Kid };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = genuine.Issuer,
            Audience = genuine.Audiences.Single(),
            Expires = DateTime.UtcNow.AddMinutes(30),
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            TokenType = genuine.Typ,
            Subject = new ClaimsIdentity(
            [
                new Claim("sub", genuine.Subject),
                new Claim("scope", "profile"),
                new Claim("client_id", genuine.GetClaim("client_id").Value),
                new Claim("jti", Guid.NewGuid().ToString()),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
