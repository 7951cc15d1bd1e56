using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>Plain RFC 6749 / 7009 / 7662 requests, written out by hand so the tests exercise the wire protocol.</summary>
internal static class OAuthCalls
{
    public static Task<TokenResponse> TokenAsync(
        HttpClient http, string clientId, string secret, bool basic = true, string? scope = null, string grantType = "client_credentials")
    {
        var form = new Dictionary<string, string> { ["grant_type"] = grantType };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return PostAsync(http, "/oauth/token", form, clientId, secret, basic);
    }

    public static async Task<string> AccessTokenAsync(HttpClient http, TestClient client, string? scope = null)
    {
        var response = await TokenAsync(http, client.ClientId, client.Secret, scope: scope);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"token request failed: {response.Status} {response.Body}");
        return response.AccessToken;
    }

    public static Task<TokenResponse> RevokeAsync(HttpClient http, TestClient client, string token) =>
        PostAsync(http, "/oauth/revoke", new() { ["token"] = token, ["token_type_hint"] = "access_token" }, client.ClientId, client.Secret, basic: true);

    public static async Task<bool> IsActiveAsync(HttpClient http, TestClient caller, string token)
    {
        var response = await PostAsync(http, "/oauth/introspect", new() { ["token"] = token }, caller.ClientId, caller.Secret, basic: true);
        Assert.True(response.Status == System.Net.HttpStatusCode.OK, $"introspection failed: {response.Status} {response.Body}");
        return response.Body.GetProperty("active").GetBoolean();
    }

    /// <summary>The decoded payload of a JWT (no signature check: the tests that need one go through a resource server).</summary>
    public static JsonElement JwtPayload(string jwt) => DecodeSegment(jwt.Split('.')[1]);

    public static JsonElement JwtHeader(string jwt) => DecodeSegment(jwt.Split('.')[0]);

    private static JsonElement DecodeSegment(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Convert.FromBase64String(base64)).RootElement.Clone();
    }

    private static async Task<TokenResponse> PostAsync(
        HttpClient http, string path, Dictionary<string, string> form, string clientId, string secret, bool basic)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (basic)
        {
            var credentials = $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}";
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }
        else
        {
            form["client_id"] = clientId;
            form["client_secret"] = secret;
        }

        request.Content = new FormUrlEncodedContent(form);
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var body = text.Length == 0 ? JsonDocument.Parse("{}").RootElement : JsonDocument.Parse(text).RootElement.Clone();
        return new TokenResponse(response.StatusCode, body, response);
    }
}
