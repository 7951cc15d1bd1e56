using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// Embedded mode keeps what the store says about a token's entry for <c>Auth:TokenEntryCacheDuration</c> (ADR-014):
/// every revocation made through the co-hosted server still refuses the token on its next use, however long the
/// duration; a revocation written to the store by another process is seen within the duration.
/// </summary>
public sealed class TokenEntryCacheTests : IDisposable
{
    private const string AnHour = "01:00:00";

    private readonly TestDirectory directory = new();

    [Fact]
    public async Task A_used_token_revoked_at_the_revocation_endpoint_is_refused_at_once()
    {
        await using var api = await StartAsync(AnHour);
        var token = await UsedTokenAsync(api);

        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.RevokeAsync(api.Client, TestClients.Pega, token)).Status);

        using var after = await api.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(after);
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("delete")]
    public async Task A_used_token_is_refused_at_once_after_the_admin_page_revokes_or_deletes_its_client(string action)
    {
        await using var api = await StartAsync(AnHour);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = api.BaseAddress };
        var admin = new AdminSession(http);
        await admin.SignedInAsync();
        var client = await admin.CreateClientAsync();
        var token = await OAuthCalls.AccessTokenAsync(api.Client, client);
        for (var i = 0; i < 2; i++)
        {
            using var before = await api.PingAsync(bearer: token);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await admin.PostClientActionAsync(action, client.ClientId);

        using var after = await api.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(after);
    }

    [Fact]
    public async Task A_revocation_written_by_another_process_is_not_seen_while_the_entry_is_kept()
    {
        await using var api = await StartAsync(AnHour);
        var token = await UsedTokenAsync(api);

        await RevokeBehindTheServersBackAsync();

        // The cache is in use: the store says revoked, the kept entry (an hour) still says valid.
        using var after = await api.PingAsync(bearer: token);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_revocation_written_by_another_process_is_seen_once_the_duration_has_passed()
    {
        await using var api = await StartAsync("00:00:01");
        var token = await UsedTokenAsync(api);

        await RevokeBehindTheServersBackAsync();
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            using var response = await api.PingAsync(bearer: token);
            status = response.StatusCode;
        }
        while (status == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"refused only after {clock.Elapsed.TotalSeconds:F1} s with a 1 s duration");
    }

    [Fact]
    public async Task With_a_zero_duration_a_revocation_written_by_another_process_is_refused_at_once()
    {
        await using var api = await StartAsync("00:00:00");
        var token = await UsedTokenAsync(api);

        await RevokeBehindTheServersBackAsync();

        using var after = await api.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(after);
    }

    [Fact]
    public async Task A_duration_over_an_hour_stops_the_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("01:00:01"));

        Assert.Contains(nameof(Nlp.Identity.Validation.TokenValidationOptions.TokenEntryCacheDuration), failure.Message, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();

    private async Task<KestrelApp> StartAsync(string duration)
    {
        var settings = TestClients.Settings(directory.SqliteConnectionString);
        settings["Auth:TokenEntryCacheDuration"] = duration;
        return await KestrelApp.StartAsync(settings);
    }

    /// <summary>A token of <see cref="TestClients.Pega"/> accepted twice, so its entry is kept.</summary>
    private static async Task<string> UsedTokenAsync(KestrelApp api)
    {
        var token = await OAuthCalls.AccessTokenAsync(api.Client, TestClients.Pega);
        for (var i = 0; i < 2; i++)
        {
            using var response = await api.PingAsync(bearer: token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return token;
    }

    /// <summary>What another process sharing the store would do: mark every token entry revoked in the database.</summary>
    private async Task RevokeBehindTheServersBackAsync()
    {
        await using var connection = new SqliteConnection(directory.SqliteConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE OpenIddictTokens SET Status = 'revoked'";
        Assert.True(await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken) > 0);
    }
}
