using System.Diagnostics;
using System.Net;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// External mode reuses the ticket of a header token while the introspection endpoint's "active" answer about it is
/// trusted (ADR-015): OpenIddict's validation runs once per window, and a revocation at the separate server is still
/// refused when that answer runs out, not later.
/// </summary>
public sealed class ExternalTicketReuseTests : IAsyncLifetime
{
    private readonly TestDirectory directory = new();
    private KestrelApp identity = null!;
    private readonly ValidationRuns validations = new();

    public async ValueTask InitializeAsync() =>
        identity = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString), tokenValidation: false);

    [Theory]
    [InlineData("01:00:00", 1)]
    [InlineData("00:00:00", 3)]
    public async Task A_header_token_is_validated_once_while_its_introspection_answer_is_trusted(string interval, int expected)
    {
        await using var api = await StartApiAsync(interval);
        var token = await OAuthCalls.AccessTokenAsync(identity.Client, TestClients.Pega);

        for (var i = 0; i < 3; i++)
        {
            using var response = await api.PingAsync(bearer: token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(expected, validations.Count);
    }

    [Fact]
    public async Task A_ticket_is_kept_no_longer_than_the_introspection_answer_it_relied_on()
    {
        var window = TimeSpan.FromSeconds(6);
        await using var api = await StartApiAsync(window.ToString());
        var token = await OAuthCalls.AccessTokenAsync(identity.Client, TestClients.Pega);
        var asked = Stopwatch.StartNew();
        using (var query = await api.PingAsync(queryToken: token))  // introspected now; a query token's ticket is not kept
        {
            Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        using (var header = await api.PingAsync(bearer: token))    // validated again on the answer kept 4 s ago: kept ~2 s
        {
            Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.RevokeAsync(identity.Client, TestClients.Pega, token)).Status);
        HttpStatusCode status;
        do
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            using var response = await api.PingAsync(bearer: token);
            status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                EmbeddedTokenValidationTests.AssertInvalidToken(response);
            }
        }
        while (status == HttpStatusCode.OK && asked.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        // Kept for a whole window from the header request, the ticket would answer until ~10 s after the first call.
        Assert.True(asked.Elapsed < window + TimeSpan.FromSeconds(2), $"refused only {asked.Elapsed} after the introspection");
    }

    public async ValueTask DisposeAsync()
    {
        await identity.DisposeAsync();
        directory.Dispose();
    }

    private Task<KestrelApp> StartApiAsync(string interval)
    {
        var settings = SplitDeploymentFixture.ApiSettings(identity.BaseAddress);
        settings["Auth:RevocationCheckInterval"] = interval;
        return KestrelApp.StartAsync(settings, identityServer: false, services: validations.Register);
    }
}
