using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary>Tokens that look right but are not for this API: another audience, or signed with a key the server never had.</summary>
public sealed class ForeignTokenTests
{
    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { ["Auth:Audience"] = "some-other-api" } };
        var client = factory.CreateClient();
        var token = await OAuth.AccessTokenAsync(client, TestClients.Pega);

        var response = await client.SendAsync(OAuth.Predict("/auth/predict", "count_yaml_sigmoid", "hi", token));

        AuthPredictTests.AssertInvalidToken(response);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        using var factory = new ApiFactory();
        var client = factory.CreateClient();
        var genuine = new JsonWebToken(await OAuth.AccessTokenAsync(client, TestClients.Pega));
        using var rsa = RSA.Create(2048);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = genuine.Issuer,
            Audience = genuine.Audiences.First(),
            Expires = DateTime.UtcNow.AddMinutes(30),
            NotBefore = DateTime.UtcNow,
            IssuedAt = DateTime.UtcNow,
            TokenType = genuine.Typ,
            Subject = new ClaimsIdentity([new Claim("sub", genuine.Subject), new Claim("scope", "profile"),
                new Claim("client_id", TestClients.Pega.Id), new Claim("jti", Guid.NewGuid().ToString())]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = genuine.Kid }, SecurityAlgorithms.RsaSha256),
        });

        var response = await client.SendAsync(OAuth.Predict("/auth/predict", "count_yaml_sigmoid", "hi", forged));

        AuthPredictTests.AssertInvalidToken(response);
    }
}
