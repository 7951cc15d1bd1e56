using System.Net;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>The admin pages of the standalone server, over HTTP with cookies and anti-forgery tokens.</summary>
public sealed class AdminPagesTests(StandaloneIdentityFactory factory) : IClassFixture<StandaloneIdentityFactory>
{
    private readonly AdminSession admin = new(factory.CreateBrowserlessClient());
    private readonly HttpClient oauth = factory.CreateBrowserlessClient();

    [Theory]
    [InlineData("/clients")]
    [InlineData("/create_client")]
    public async Task Admin_pages_send_an_anonymous_visitor_to_login(string path)
    {
        using var response = await factory.CreateBrowserlessClient().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task A_form_post_without_the_anti_forgery_token_is_refused()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "admin", ["password"] = TestClients.AdminPassword });

        using var response = await factory.CreateBrowserlessClient().PostAsync("/login", form, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Where(c => c.StartsWith(".Nlp.Admin", StringComparison.Ordinal)) : []);
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_the_right_one_signs_in()
    {
        using var wrong = await admin.LoginAsync(password: "wrong");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Wrong user name or password", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        using (var stillAnonymous = await admin.Http.GetAsync("/clients", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, stillAnonymous.StatusCode);
        }

        await admin.SignedInAsync();

        var list = await admin.Http.GetStringAsync("/clients", TestContext.Current.CancellationToken);
        Assert.Contains("data-client-id=\"pega\"", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_secret_basic", true)]
    [InlineData("client_secret_post", false)]
    public async Task A_created_client_gets_a_token_with_the_secret_shown_once(string method, bool basic)
    {
        await admin.SignedInAsync();

        var client = await admin.CreateClientAsync(authMethod: method);
        var token = await OAuthCalls.TokenAsync(oauth, client.ClientId, client.Secret, basic);

        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("profile", token.Scope);
        var list = await admin.Http.GetStringAsync("/clients", TestContext.Current.CancellationToken);
        Assert.Contains($"data-client-id=\"{client.ClientId}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain(client.Secret, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_form_refuses_other_grant_types_and_bad_urls()
    {
        await admin.SignedInAsync();

        var html = await admin.PostFormPageAsync("/create_client", "/create_client", new()
        {
            ["client_name"] = "bad",
            ["client_uri"] = "javascript:alert(1)",
            ["scope"] = "profile",
            ["grant_type"] = "password",
            ["token_endpoint_auth_method"] = "client_secret_basic",
        });

        Assert.Contains("grant_type: only client_credentials", html, StringComparison.Ordinal);
        Assert.Contains("client_uri:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"client-secret\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_names_are_html_encoded()
    {
        await admin.SignedInAsync();

        await admin.CreateClientAsync(name: "<script>alert(1)</script>");

        var list = await admin.Http.GetStringAsync("/clients", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>alert(1)</script>", list, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotating_the_secret_stops_the_old_one_and_shows_the_new_one()
    {
        await admin.SignedInAsync();
        var client = await admin.CreateClientAsync();

        var rotated = AdminSession.ShownCredentials(await admin.PostClientActionAsync("rotate", client.ClientId), "profile");

        Assert.Equal(client.ClientId, rotated.ClientId);
        Assert.NotEqual(client.Secret, rotated.Secret);
        var old = await OAuthCalls.TokenAsync(oauth, client.ClientId, client.Secret);
        Assert.Equal(HttpStatusCode.Unauthorized, old.Status);
        Assert.Equal("invalid_client", old.Error);
        Assert.Equal(HttpStatusCode.OK, (await OAuthCalls.TokenAsync(oauth, rotated.ClientId, rotated.Secret)).Status);
    }

    [Fact]
    public async Task Deleting_a_client_makes_its_tokens_inactive_and_its_secret_useless()
    {
        await admin.SignedInAsync();
        var client = await admin.CreateClientAsync();
        var token = await OAuthCalls.AccessTokenAsync(oauth, client);
        Assert.True(await OAuthCalls.IsActiveAsync(oauth, TestClients.Api, token));

        var page = await admin.PostClientActionAsync("delete", client.ClientId);

        Assert.Contains($"Deleted &#x27;{client.ClientId}&#x27;", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-client-id=\"{client.ClientId}\"", page, StringComparison.Ordinal);
        Assert.False(await OAuthCalls.IsActiveAsync(oauth, TestClients.Api, token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await OAuthCalls.TokenAsync(oauth, client.ClientId, client.Secret)).Status);
    }

    [Fact]
    public async Task Revoking_a_clients_tokens_makes_them_all_inactive_but_keeps_the_client()
    {
        await admin.SignedInAsync();
        var client = await admin.CreateClientAsync();
        var first = await OAuthCalls.AccessTokenAsync(oauth, client);
        var second = await OAuthCalls.AccessTokenAsync(oauth, client);

        var page = await admin.PostClientActionAsync("revoke", client.ClientId);

        Assert.Contains("Revoked 2 token(s)", page, StringComparison.Ordinal);
        Assert.False(await OAuthCalls.IsActiveAsync(oauth, TestClients.Api, first));
        Assert.False(await OAuthCalls.IsActiveAsync(oauth, TestClients.Api, second));
        Assert.True(await OAuthCalls.IsActiveAsync(oauth, TestClients.Api, await OAuthCalls.AccessTokenAsync(oauth, client)));
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        await admin.SignedInAsync();

        using var logout = await admin.PostFormAsync("/logout", "/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await admin.Http.GetAsync("/clients", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }
}
