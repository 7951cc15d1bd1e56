using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary>
/// <c>/auth/*</c> in Embedded mode (the default): the co-hosted authorization server issues client-credentials tokens
/// that the same process validates, through real HTTP (token, revoke) on the in-process host.
/// </summary>
public sealed class AuthPredictTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Model = "count_yaml_sigmoid";
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Token_from_basic_credentials_is_accepted_by_auth_predict()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Pega);

        var response = await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello there", token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello there", (await Json.ReadAsync(response)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task Token_answer_has_the_rfc_6749_shape()
    {
        var response = await OAuth.TokenWithFormAsync(_client, TestClients.Pega.Id, TestClients.Pega.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var body = await Json.ReadAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.InRange(body.GetProperty("expires_in").GetInt32(), 3000, 3600);
        Assert.Equal("profile", body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Query_string_token_is_accepted_for_post_and_get()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Pega);

        var post = await _client.PostAsync($"/auth/predict?access_token={token}", Json.Predict(Model, "hello"));
        var get = await _client.GetAsync($"/auth/predict?modelIdentifier={Model}&text=hello&access_token={token}");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")]
    public async Task Missing_or_malformed_token_is_401_invalid_token(string? token)
    {
        var response = await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello", token));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task Tampered_token_is_401()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Pega);
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");

        AssertInvalidToken(await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello", tampered)));
    }

    [Fact]
    public async Task Revoked_token_is_refused_at_once()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Pega);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello", token))).StatusCode);

        var revoke = await OAuth.RevokeAsync(_client, TestClients.Pega, token);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        AssertInvalidToken(await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello", token)));
    }

    [Fact]
    public async Task Token_without_the_required_scope_is_403()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Limited);

        var response = await _client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello", token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("insufficient_scope", string.Join(" ", response.Headers.WwwAuthenticate), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_under_auth_needs_a_token()
    {
        var token = await OAuth.AccessTokenAsync(_client, TestClients.Pega);
        var body = Json.Body("{\"instances\":[\"hello\",\"thanks\"]}");

        var without = await _client.PostAsync($"/auth/v1/models/{Model}:predict", body);
        var request = new HttpRequestMessage(HttpMethod.Post, $"/auth/v1/models/{Model}:predict") { Content = Json.Body("{\"instances\":[\"hello\",\"thanks\"]}") };
        request.Headers.Authorization = new("Bearer", token);
        var with = await _client.SendAsync(request);

        AssertInvalidToken(without);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal(2, (await Json.ReadAsync(with)).GetProperty("predictions").GetArrayLength());
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_client_and_unknown_grant_is_unsupported()
    {
        var wrong = await OAuth.TokenWithBasicAsync(_client, TestClients.Pega.Id, "not-the-secret");
        var grant = await OAuth.TokenWithFormAsync(_client, TestClients.Pega.Id, TestClients.Pega.Secret, grantType: "password");
        var scope = await OAuth.TokenWithBasicAsync(_client, TestClients.Limited.Id, TestClients.Limited.Secret, scope: "profile");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_client", (await Json.ReadAsync(wrong)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, grant.StatusCode);
        Assert.Equal("unsupported_grant_type", (await Json.ReadAsync(grant)).GetProperty("error").GetString());
        Assert.Equal("invalid_scope", (await Json.ReadAsync(scope)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Noauth_routes_stay_anonymous()
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict(Model, "hello"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static void AssertInvalidToken(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = string.Join(" ", response.Headers.WwwAuthenticate);
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
    }
}
