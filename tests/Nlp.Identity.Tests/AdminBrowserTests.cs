using System.Net;
using Microsoft.Playwright;
using Nlp.Identity.Tests.Hosting;

namespace Nlp.Identity.Tests;

/// <summary>
/// The admin pages driven in headless Chromium (Debian's <c>/usr/bin/chromium</c>; Playwright never downloads a
/// browser here): sign in, create a client, read the secret shown once, and use it at the token endpoint.
/// </summary>
public sealed class AdminBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task An_admin_signs_in_creates_a_client_and_the_shown_secret_gets_a_token()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Skip($"Browser test skipped: {ChromiumPath} is absent (apt-get install -y chromium).");
        }

        using var directory = new TestDirectory();
        await using var app = await KestrelApp.StartAsync(TestClients.Settings(directory.SqliteConnectionString), tokenValidation: false);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = app.BaseAddress.AbsoluteUri });

        await page.GotoAsync("/create_client");
        Assert.EndsWith("/login", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.FillAsync("#username", TestClients.AdminUser);
        await page.FillAsync("#password", TestClients.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/create_client");

        await page.FillAsync("#client_name", "Pega Prediction Studio");
        await page.FillAsync("#client_uri", "https://pega.example/prweb");
        await page.FillAsync("#scope", "profile");
        await page.SelectOptionAsync("#token_endpoint_auth_method", "client_secret_post");
        await page.ClickAsync("button:has-text('Create')");
        var clientId = (await page.TextContentAsync("#client-id"))!.Trim();
        var secret = (await page.TextContentAsync("#client-secret"))!.Trim();

        var token = await OAuthCalls.TokenAsync(app.Client, clientId, secret, basic: false);
        Assert.Equal(HttpStatusCode.OK, token.Status);
        Assert.Equal("profile", token.Scope);

        await page.ClickAsync("a:has-text('Clients')");
        var row = page.Locator($"tr[data-client-id='{clientId}']");
        Assert.Contains("Pega Prediction Studio", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }
}
