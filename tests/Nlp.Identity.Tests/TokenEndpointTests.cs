using System.Net;
using System.Text.Json;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>RFC 6749 / 7009 / 7662 behaviour of the standalone server, through HTTP.</summary>
public sealed class TokenEndpointTests(StandaloneIdentityFactory factory) : IClassFixture<StandaloneIdentityFactory>
{
    private readonly HttpClient http = factory.CreateBrowserlessClient();

    [Fact]
    public async Task Basic_credentials_get_a_bearer_token_with_the_client_as_subject_and_the_api_as_audience()
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "pega-secret", basic: true);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Bearer", response.Body.GetProperty("token_type").GetString());
        Assert.Equal("profile", response.Scope);
        Assert.InRange(response.Body.GetProperty("expires_in").GetInt32(), 3590, 3600);
        Assert.Contains("no-store", response.Message.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var payload = OAuthCalls.JwtPayload(response.AccessToken);
        Assert.Equal("pega", payload.GetProperty("sub").GetString());
        Assert.Equal("nlp-api", payload.GetProperty("aud").GetString());
        Assert.Equal("profile", payload.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Form_credentials_get_a_token()
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "pega-secret", basic: false, scope: "profile");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("profile", response.Scope);
        Assert.Equal(3, response.AccessToken.Split('.').Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_wrong_secret_answers_401_invalid_client(bool basic)
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "not-the-secret", basic);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
        Assert.False(response.Body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public async Task An_unknown_client_answers_401_invalid_client()
    {
        var response = await OAuthCalls.TokenAsync(http, "nobody", "pega-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
    }

    [Theory]
    [InlineData("password")]
    [InlineData("authorization_code")]
    [InlineData("urn:example:custom")]
    public async Task Other_grant_types_answer_400_unsupported_grant_type(string grantType)
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "pega-secret", grantType: grantType);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("unsupported_grant_type", response.Error);
    }

    [Theory]
    [InlineData("extra")]
    [InlineData("profile extra")]
    [InlineData("no-such-scope")]
    public async Task A_scope_the_client_is_not_registered_for_answers_400_invalid_scope(string scope)
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "pega-secret", scope: scope);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_scope", response.Error);
    }

    [Fact]
    public async Task A_wrong_secret_is_reported_before_a_scope_problem()
    {
        var response = await OAuthCalls.TokenAsync(http, "pega", "wrong", scope: "extra");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
    }

    [Fact]
    public async Task Without_a_scope_parameter_the_client_gets_all_its_registered_scopes()
    {
        var response = await OAuthCalls.TokenAsync(http, "multi", "multi-secret");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["extra", "profile"], response.Scope!.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal(
            ["extra", "profile"],
            OAuthCalls.JwtPayload(response.AccessToken).GetProperty("scope").GetString()!.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_subset_of_the_registered_scopes_can_be_asked_for()
    {
        var response = await OAuthCalls.TokenAsync(http, "multi", "multi-secret", scope: "extra");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("extra", response.Scope);
    }

    [Fact]
    public async Task A_revoked_token_is_reported_inactive_by_introspection()
    {
        var token = await OAuthCalls.AccessTokenAsync(http, TestClients.Pega);
        Assert.True(await OAuthCalls.IsActiveAsync(http, TestClients.Api, token));

        var revoke = await OAuthCalls.RevokeAsync(http, TestClients.Pega, token);

        Assert.Equal(HttpStatusCode.OK, revoke.Status);
        Assert.False(await OAuthCalls.IsActiveAsync(http, TestClients.Api, token));
        Assert.False(await OAuthCalls.IsActiveAsync(http, TestClients.Pega, token));
    }

    [Fact]
    public async Task Introspection_describes_an_active_token()
    {
        var token = await OAuthCalls.AccessTokenAsync(http, TestClients.Multi);

        var response = await PostIntrospectionAsync(TestClients.Api, token);

        Assert.True(response.GetProperty("active").GetBoolean());
        Assert.Equal("multi", response.GetProperty("sub").GetString());
        Assert.Equal("multi", response.GetProperty("client_id").GetString());
        Assert.Equal("nlp-api", response.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Revoking_an_unknown_token_answers_200_for_an_authenticated_client()
    {
        var response = await OAuthCalls.RevokeAsync(http, TestClients.Pega, "not-a-token");

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Revocation_needs_client_authentication()
    {
        var token = await OAuthCalls.AccessTokenAsync(http, TestClients.Pega);

        var response = await OAuthCalls.RevokeAsync(http, TestClients.Pega with { Secret = "wrong" }, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("invalid_client", response.Error);
        Assert.True(await OAuthCalls.IsActiveAsync(http, TestClients.Api, token));
    }

    [Fact]
    public async Task Discovery_names_the_endpoints_and_the_signing_keys_are_published()
    {
        var discovery = await GetJsonAsync("/.well-known/openid-configuration");
        Assert.EndsWith("/oauth/token", discovery.GetProperty("token_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/oauth/revoke", discovery.GetProperty("revocation_endpoint").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/oauth/introspect", discovery.GetProperty("introspection_endpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains("client_credentials", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        var methods = discovery.GetProperty("token_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("client_secret_basic", methods);
        Assert.Contains("client_secret_post", methods);

        var jwks = await GetJsonAsync(new Uri(discovery.GetProperty("jwks_uri").GetString()!).PathAndQuery);
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.False(key.TryGetProperty("d", out _), "the JWKS must not publish the private exponent");
        var token = await OAuthCalls.AccessTokenAsync(http, TestClients.Pega);
        var header = OAuthCalls.JwtHeader(token);
        Assert.Equal(key.GetProperty("kid").GetString(), header.GetProperty("kid").GetString());
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var text = await http.GetStringAsync(path, TestContext.Current.CancellationToken);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> PostIntrospectionAsync(TestClient caller, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/introspect")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["token"] = token,
                ["client_id"] = caller.ClientId,
                ["client_secret"] = caller.Secret,
            }),
        };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
    }
}
