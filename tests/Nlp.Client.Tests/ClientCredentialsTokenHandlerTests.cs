using System.Net;
using System.Text;
using System.Text.Json;
using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>The token handler against a real (fake) token endpoint over HTTP: caching, expiry, retry on 401.</summary>
public sealed class ClientCredentialsTokenHandlerTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _clock = new();
    private FakeAuthorizationServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeAuthorizationServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task One_token_serves_many_calls_until_it_nears_expiry()
    {
        using var http = CreateHttpClient(out _);

        var first = await EchoAsync(http, "one");
        var second = await EchoAsync(http, "two");

        Assert.Equal(1, _server.TokenRequests);
        Assert.Equal("token-1", first.Token);
        Assert.Equal("token-1", second.Token);
        Assert.Equal("two", second.Body);
        Assert.Equal("basic", _server.LastClientAuthentication);
        Assert.Equal("profile", _server.LastScope);
    }

    [Fact]
    public async Task The_token_is_renewed_shortly_before_expires_in_runs_out()
    {
        _server.ExpiresIn = 600; // refreshed 60 s (RefreshBeforeExpiry) before the end: after 540 s
        using var http = CreateHttpClient(out _);
        await EchoAsync(http, "first");

        _clock.Advance(TimeSpan.FromSeconds(539));
        Assert.Equal("token-1", (await EchoAsync(http, "still fresh")).Token);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("token-2", (await EchoAsync(http, "renewed")).Token);
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task A_short_lived_token_is_kept_for_half_its_lifetime()
    {
        _server.ExpiresIn = 20; // shorter than twice the margin: renewed after 10 s, not at once
        using var http = CreateHttpClient(out _);
        await EchoAsync(http, "first");

        _clock.Advance(TimeSpan.FromSeconds(9));
        await EchoAsync(http, "fresh");
        Assert.Equal(1, _server.TokenRequests);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await EchoAsync(http, "renewed");
        Assert.Equal(2, _server.TokenRequests);
    }

    [Fact]
    public async Task A_401_gets_a_new_token_and_sends_the_request_once_more_with_its_body()
    {
        using var http = CreateHttpClient(out _);
        await EchoAsync(http, "before");
        _server.RevokeAll();

        var after = await EchoAsync(http, "after revocation");

        Assert.Equal("token-2", after.Token);
        Assert.Equal("after revocation", after.Body);
        Assert.Equal(2, _server.TokenRequests);
        Assert.Equal(3, _server.ProtectedRequests); // before, refused, retried
    }

    [Fact]
    public async Task A_second_401_is_returned_to_the_caller_without_more_retries()
    {
        using var http = CreateHttpClient(out _);
        _server.RejectAllTokens = true;

        using var response = await http.PostAsync("echo", new StringContent("x"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(2, _server.TokenRequests);
        Assert.Equal(2, _server.ProtectedRequests);
    }

    [Fact]
    public async Task Concurrent_calls_share_one_token_request()
    {
        _server.TokenDelay = TimeSpan.FromMilliseconds(200);
        using var http = CreateHttpClient(out _);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => EchoAsync(http, $"call {i}")));

        Assert.Equal(1, _server.TokenRequests);
        Assert.All(answers, a => Assert.Equal("token-1", a.Token));
    }

    [Fact]
    public async Task Without_expires_in_the_token_is_kept_until_the_API_refuses_it()
    {
        _server.ExpiresIn = null;
        using var http = CreateHttpClient(out _);
        await EchoAsync(http, "first");
        _clock.Advance(TimeSpan.FromDays(30));
        await EchoAsync(http, "much later");
        Assert.Equal(1, _server.TokenRequests);

        _server.RevokeAll();
        Assert.Equal("token-2", (await EchoAsync(http, "after revocation")).Token);
    }

    [Fact]
    public async Task Client_secret_post_sends_the_credentials_in_the_form()
    {
        using var http = CreateHttpClient(out _, o => o.ClientAuthentication = ClientAuthenticationMethod.ClientSecretPost);

        await EchoAsync(http, "x");

        Assert.Equal("post", _server.LastClientAuthentication);
    }

    [Fact]
    public async Task A_refused_client_throws_the_OAuth_error_without_the_secret()
    {
        using var http = CreateHttpClient(out _, o => o.ClientSecret = "wrong secret");

        var e = await Assert.ThrowsAsync<TokenRequestException>(() => EchoAsync(http, "x"));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal("invalid_client", e.Error);
        Assert.DoesNotContain("wrong secret", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.ProtectedRequests);
    }

    [Fact]
    public void Missing_settings_are_refused_at_construction()
    {
        using var tokenClient = new HttpClient();

        Assert.Throws<InvalidOperationException>(() => new ClientCredentialsTokenProvider(tokenClient, new ClientCredentialsOptions { ClientId = "a", ClientSecret = "b" }));
        Assert.Throws<InvalidOperationException>(() => new ClientCredentialsTokenProvider(tokenClient, new ClientCredentialsOptions { TokenEndpoint = _server.TokenEndpoint, ClientSecret = "b" }));
    }

    private HttpClient CreateHttpClient(out ClientCredentialsTokenProvider provider, Action<ClientCredentialsOptions>? configure = null)
    {
        var options = new ClientCredentialsOptions
        {
            TokenEndpoint = _server.TokenEndpoint,
            ClientId = FakeAuthorizationServer.ClientId,
            ClientSecret = FakeAuthorizationServer.ClientSecret,
            Scope = "profile",
        };
        configure?.Invoke(options);
#pragma warning disable CA2000 // the HttpClient owns and disposes the handler chain; the provider lives as long as the test
        provider = new ClientCredentialsTokenProvider(new HttpClient(), options, _clock);
        var handler = new ClientCredentialsTokenHandler(provider) { InnerHandler = new SocketsHttpHandler() };
#pragma warning restore CA2000
        return new HttpClient(handler) { BaseAddress = _server.BaseAddress };
    }

    private static async Task<EchoAnswer> EchoAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("echo", new StringContent(body, Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return new EchoAnswer(json.GetProperty("token").GetString()!, json.GetProperty("body").GetString()!);
    }

    private sealed record EchoAnswer(string Token, string Body);
}
