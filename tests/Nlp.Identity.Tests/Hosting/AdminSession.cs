using System.Net;
using System.Text.RegularExpressions;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>Drives the admin pages over HTTP as a browser would: cookies, anti-forgery tokens, form posts.</summary>
internal sealed partial class AdminSession(HttpClient http)
{
    public HttpClient Http => http;

    public async Task<HttpResponseMessage> LoginAsync(string userName = TestClients.AdminUser, string password = TestClients.AdminPassword) =>
        await PostFormAsync("/login", "/login", new() { ["username"] = userName, ["password"] = password });

    public async Task SignedInAsync()
    {
        using var response = await LoginAsync();
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/clients", response.Headers.Location!.OriginalString);
    }

    /// <summary>Fills <c>/create_client</c> and answers the id and secret the page shows once.</summary>
    public async Task<TestClient> CreateClientAsync(string name = "Pega topic model", string scope = "profile", string authMethod = "client_secret_basic")
    {
        var html = await PostFormPageAsync("/create_client", "/create_client", new()
        {
            ["client_name"] = name,
            ["client_uri"] = "https://pega.example/prweb",
            ["scope"] = scope,
            ["grant_type"] = "client_credentials",
            ["redirect_uri"] = string.Empty,
            ["response_type"] = string.Empty,
            ["token_endpoint_auth_method"] = authMethod,
        });
        return ShownCredentials(html, scope);
    }

    public async Task<string> PostClientActionAsync(string handler, string clientId) =>
        await PostFormPageAsync("/clients", $"/clients?handler={handler}", new() { ["client_id"] = clientId });

    public async Task<string> PostFormPageAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        using var response = await PostFormAsync(formPage, action, fields);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await http.GetStringAsync(formPage, TestContext.Current.CancellationToken);
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value;
        return await http.PostAsync(action, new FormUrlEncodedContent(fields), TestContext.Current.CancellationToken);
    }

    public static TestClient ShownCredentials(string html, string scope)
    {
        var id = ShownClientId().Match(html);
        var secret = ShownClientSecret().Match(html);
        Assert.True(id.Success && secret.Success, "the page shows no client id and secret");
        return new TestClient(WebUtility.HtmlDecode(id.Groups[1].Value), WebUtility.HtmlDecode(secret.Groups[1].Value), scope.Split(' '));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("id=\"client-id\">([^<]+)<")]
    private static partial Regex ShownClientId();

    [GeneratedRegex("id=\"client-secret\">([^<]+)<")]
    private static partial Regex ShownClientSecret();
}
