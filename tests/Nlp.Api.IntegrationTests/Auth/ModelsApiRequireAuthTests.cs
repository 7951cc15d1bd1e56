using System.Net;
using System.Net.Http.Headers;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary><c>ModelsApi:RequireAuth=true</c> puts <c>/v1/models</c> behind the same bearer-token policy as <c>/auth/*</c>.</summary>
public sealed class ModelsApiRequireAuthTests
{
    [Fact]
    public async Task The_models_api_needs_a_token_with_the_scope_when_required()
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { ["ModelsApi:RequireAuth"] = "true" } };
        using var client = factory.CreateClient();
        var token = await OAuth.AccessTokenAsync(client, TestClients.Pega);

        using (var anonymous = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("error=\"invalid_token\"", Assert.Single(anonymous.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        }

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await OAuth.RevokeAsync(client, TestClients.Pega, token)).StatusCode);
        using var revoked = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        revoked.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await client.SendAsync(revoked, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_models_api_is_open_by_default()
    {
        using var factory = new ApiFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/v1/models", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
