using System.Net;
using System.Net.Http.Headers;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// <c>AddNlpTokenValidation</c> in <c>Auth:Mode=Embedded</c>, co-hosted with the server in one Kestrel process as
/// <c>Nlp.Api</c> does: a protected endpoint under the <c>predict</c> policy.
/// </summary>
public sealed class EmbeddedTokenValidationTests(EmbeddedApiFixture fixture) : IClassFixture<EmbeddedApiFixture>
{
    private KestrelApp Api => fixture.Host;

    [Fact]
    public async Task A_valid_token_in_the_authorization_header_is_accepted()
    {
        var token = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Pega);

        using var response = await Api.PingAsync(bearer: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"subject\":\"pega\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_in_the_access_token_query_parameter_is_accepted()
    {
        var token = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Pega);

        using var response = await Api.PingAsync(queryToken: token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_token_answers_401_with_a_bearer_invalid_token_challenge()
    {
        using var response = await Api.PingAsync();

        AssertInvalidToken(response);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJwZWdhIn0.")]
    public async Task A_malformed_token_answers_401_invalid_token(string token)
    {
        using var response = await Api.PingAsync(bearer: token);

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task A_tampered_token_answers_401_invalid_token()
    {
        var token = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Pega);
        var parts = token.Split('.');
        var forged = OAuthCalls.JwtPayload(token).ToString().Replace("\"sub\":\"pega\"", "\"sub\":\"admin\"", StringComparison.Ordinal);
        parts[1] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(forged)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        using var response = await Api.PingAsync(bearer: string.Join('.', parts));

        AssertInvalidToken(response);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var token = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Pega);
        using (var before = await Api.PingAsync(bearer: token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var revoke = await OAuthCalls.RevokeAsync(Api.Client, TestClients.Pega, token);
        Assert.Equal(HttpStatusCode.OK, revoke.Status);

        using var after = await Api.PingAsync(bearer: token);
        AssertInvalidToken(after);
    }

    [Fact]
    public async Task A_token_without_the_required_scope_answers_403_insufficient_scope()
    {
        var token = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Limited);

        using var response = await Api.PingAsync(bearer: token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"profile\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_for_a_subset_of_scopes_without_profile_is_refused_and_with_profile_accepted()
    {
        var extraOnly = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Multi, scope: "extra");
        var both = await OAuthCalls.AccessTokenAsync(Api.Client, TestClients.Multi);

        using var refused = await Api.PingAsync(bearer: extraOnly);
        using var accepted = await Api.PingAsync(bearer: both);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task The_admin_pages_are_served_by_the_co_hosting_app()
    {
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Api.BaseAddress };
        using var login = await noRedirects.GetAsync("/login", TestContext.Current.CancellationToken);
        using var clients = await noRedirects.GetAsync("/clients", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var html = await login.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"password\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, clients.StatusCode);
        Assert.Equal("/login", new Uri(Api.BaseAddress, clients.Headers.Location!).AbsolutePath);
    }

    internal static void AssertInvalidToken(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AuthenticationHeaderValue challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
    }
}
