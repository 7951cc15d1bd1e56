using System.Net;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// The token protocol and the admin flow with <c>Identity:Database:Provider=PostgreSql</c> (migrations, seeding, token
/// store, revocation). Runs when <c>NLP_TEST_POSTGRES</c> is set; skipped, saying so, otherwise.
/// </summary>
public sealed class PostgreSqlStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private KestrelApp? app;

    private KestrelApp App => app ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        if (database.ConnectionString is not null)
        {
            app = await KestrelApp.StartAsync(TestClients.Settings(database.ConnectionString, provider: "PostgreSql"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tokens_are_issued_with_basic_and_form_credentials()
    {
        SkipWithoutPostgres();

        var basic = await OAuthCalls.TokenAsync(App.Client, "pega", "pega-secret", basic: true);
        var form = await OAuthCalls.TokenAsync(App.Client, "pega", "pega-secret", basic: false);
        var all = await OAuthCalls.TokenAsync(App.Client, "multi", "multi-secret");

        Assert.Equal(HttpStatusCode.OK, basic.Status);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Equal("profile", basic.Scope);
        Assert.Equal(["extra", "profile"], all.Scope!.Split(' ').Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Errors_follow_rfc_6749()
    {
        SkipWithoutPostgres();

        var wrongSecret = await OAuthCalls.TokenAsync(App.Client, "pega", "wrong");
        var wrongGrant = await OAuthCalls.TokenAsync(App.Client, "pega", "pega-secret", grantType: "password");
        var wrongScope = await OAuthCalls.TokenAsync(App.Client, "pega", "pega-secret", scope: "extra");

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (wrongSecret.Status, wrongSecret.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (wrongGrant.Status, wrongGrant.Error));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (wrongScope.Status, wrongScope.Error));
    }

    [Fact]
    public async Task A_revoked_token_is_inactive_and_refused_by_the_co_hosted_api()
    {
        SkipWithoutPostgres();
        var token = await OAuthCalls.AccessTokenAsync(App.Client, TestClients.Pega);
        using (var before = await App.PingAsync(bearer: token))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.RevokeAsync(App.Client, TestClients.Pega, token)).Status);

        Assert.False(await OAuthCalls.IsActiveAsync(App.Client, TestClients.Api, token));
        using var after = await App.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(after);
    }

    [Fact]
    public async Task A_client_created_in_the_admin_pages_gets_tokens_until_it_is_deleted()
    {
        SkipWithoutPostgres();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = App.BaseAddress };
        var admin = new AdminSession(http);
        await admin.SignedInAsync();
        var client = await admin.CreateClientAsync();
        var token = await OAuthCalls.AccessTokenAsync(App.Client, client);

        await admin.PostClientActionAsync("delete", client.ClientId);

        using var ping = await App.PingAsync(bearer: token);
        EmbeddedTokenValidationTests.AssertInvalidToken(ping);
        Assert.Equal(HttpStatusCode.Unauthorized, (await OAuthCalls.TokenAsync(App.Client, client.ClientId, client.Secret)).Status);
    }

    private void SkipWithoutPostgres()
    {
        if (database.ConnectionString is null)
        {
            Assert.Skip(PostgresDatabase.SkipReason);
        }
    }
}
