using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary><c>AddNlpTokenValidation</c> in <c>Auth:Mode=External</c> against a separately running server.</summary>
public sealed class SplitDeploymentTests(SplitDeploymentFixture fixture) : IClassFixture<SplitDeploymentFixture>
{
    [Fact]
    public async Task A_token_of_the_separate_server_is_accepted_in_the_header_and_in_the_query()
    {
        var token = await OAuthCalls.AccessTokenAsync(fixture.Identity.Client, TestClients.Pega);

        using var header = await fixture.Api.PingAsync(bearer: token);
        using var query = await fixture.Api.PingAsync(queryToken: token);

        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_within_the_configured_window()
    {
        var token = await OAuthCalls.AccessTokenAsync(fixture.Identity.Client, TestClients.Pega);
        using (var before = await fixture.Api.PingAsync(bearer: token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.RevokeAsync(fixture.Identity.Client, TestClients.Pega, token)).Status);
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            using var response = await fixture.Api.PingAsync(bearer: token);
            status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                EmbeddedTokenValidationTests.AssertInvalidToken(response);
            }
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed <= SplitDeploymentFixture.RevocationWindow + TimeSpan.FromSeconds(2), $"refused only after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_token_without_the_required_scope_answers_403()
    {
        var token = await OAuthCalls.AccessTokenAsync(fixture.Identity.Client, TestClients.Limited);

        using var response = await fixture.Api.PingAsync(bearer: token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("insufficient_scope", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_token_or_garbage_answers_401_invalid_token()
    {
        using var none = await fixture.Api.PingAsync();
        using var garbage = await fixture.Api.PingAsync(bearer: "garbage");

        EmbeddedTokenValidationTests.AssertInvalidToken(none);
        EmbeddedTokenValidationTests.AssertInvalidToken(garbage);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_answers_401_invalid_token()
    {
        var genuine = await OAuthCalls.AccessTokenAsync(fixture.Identity.Client, TestClients.Pega);

        using var response = await fixture.Api.PingAsync(bearer: ForeignTokens.SignedWithAnotherKey(genuine));

        EmbeddedTokenValidationTests.AssertInvalidToken(response);
    }

    [Fact]
    public async Task A_token_of_another_authorization_server_answers_401_invalid_token()
    {
        using var directory = new TestDirectory();
        await using var other = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString), tokenValidation: false);
        var foreign = await OAuthCalls.AccessTokenAsync(other.Client, TestClients.Pega);

        using var response = await fixture.Api.PingAsync(bearer: foreign);

        EmbeddedTokenValidationTests.AssertInvalidToken(response);
    }

    [Fact]
    public async Task A_token_for_another_audience_answers_401_invalid_token()
    {
        await using var otherApi = await KestrelApp.StartAsync(
            SplitDeploymentFixture.ApiSettings(fixture.Identity.BaseAddress, audience: "other-api"), identityServer: false);
        var token = await OAuthCalls.AccessTokenAsync(fixture.Identity.Client, TestClients.Pega);

        using var response = await otherApi.PingAsync(bearer: token);

        EmbeddedTokenValidationTests.AssertInvalidToken(response);
    }

    [Fact]
    public async Task External_mode_without_an_api_client_secret_fails_at_start_naming_the_setting()
    {
        var settings = SplitDeploymentFixture.ApiSettings(fixture.Identity.BaseAddress);
        settings["Auth:ClientSecret"] = null;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KestrelApp.StartAsync(settings, identityServer: false));

        Assert.Contains("Auth:ClientSecret", error.Message, StringComparison.Ordinal);
    }
}
