using System.Net;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// Embedded mode answers a bearer token OpenIddict's validation accepted a moment ago with the same ticket (ADR-014),
/// and refuses exactly what a fresh validation would: expired tokens, another origin's requests, missing scopes.
/// </summary>
public sealed class CachedBearerAuthenticationTests : IDisposable
{
    private readonly TestDirectory directory = new();
    private readonly ValidationRuns validations = new();

    [Theory]
    [InlineData("01:00:00", 1)]
    [InlineData("00:00:00", 3)]
    public async Task A_token_sent_again_in_the_header_is_validated_once_while_kept(string duration, int expected)
    {
        await using var api = await StartAsync(duration);
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Pega);

        for (var i = 0; i < 3; i++)
        {
            using var response = await api.PingAsync(bearer: token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(expected, validations.Count);
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_always_validated()
    {
        await using var api = await StartAsync("01:00:00");
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Pega);

        for (var i = 0; i < 2; i++)
        {
            using var response = await api.PingAsync(queryToken: token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2, validations.Count);
    }

    [Fact]
    public async Task A_kept_token_is_refused_once_it_expires()
    {
        await using var api = await StartAsync("01:00:00", ("Identity:AccessTokenLifetime", "00:00:02"));
        var issued = DateTimeOffset.UtcNow;
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Pega);
        using (var first = await api.PingAsync(bearer: token))
        {
            // On a loaded machine the token may already have expired: the assertion below still holds.
            Assert.True(first.StatusCode == HttpStatusCode.OK || DateTimeOffset.UtcNow - issued >= TimeSpan.FromSeconds(2), $"{first.StatusCode}");
        }

        await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken);

        using var after = await api.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(after);
    }

    [Fact]
    public async Task A_kept_token_sent_to_another_origin_is_refused_as_a_fresh_validation_refuses_it()
    {
        await using var api = await StartAsync("01:00:00");
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Pega);
        using (var first = await api.PingAsync(bearer: token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Without Identity:Issuer the issuer is the origin the token was asked at; another host is another issuer.
        using var elsewhere = await api.PingAsync(bearer: token, host: "elsewhere.example");

        EmbeddedTokenValidationTests.AssertInvalidToken(elsewhere);
    }

    [Fact]
    public async Task A_kept_token_without_the_required_scope_is_forbidden_every_time()
    {
        await using var api = await StartAsync("01:00:00");
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Limited);

        for (var i = 0; i < 2; i++)
        {
            using var response = await api.PingAsync(bearer: token);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("error=\"insufficient_scope\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
        }

        Assert.Equal(1, validations.Count);
    }

    public void Dispose() => directory.Dispose();

    private async Task<KestrelApp> StartAsync(string duration, params (string Key, string Value)[] more)
    {
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Auth:TokenEntryCacheDuration"] = duration;
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return await KestrelApp.StartAsync(settings, services: validations.Register);
    }
}
