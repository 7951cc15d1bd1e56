using System.Net.Http.Headers;
using System.Text;

namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>Real RFC 6749 calls against the co-hosted authorization server.</summary>
internal static class OAuth
{
    public static async Task<HttpResponseMessage> TokenWithBasicAsync(HttpClient client, string id, string secret, string? scope = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth/token")
        {
            Content = new FormUrlEncodedContent(Form(("grant_type", "client_credentials"), ("scope", scope))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}")));
        return await client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> TokenWithFormAsync(HttpClient client, string id, string secret, string grantType = "client_credentials") =>
        client.PostAsync("/oauth/token", new FormUrlEncodedContent(Form(("grant_type", grantType), ("client_id", id), ("client_secret", secret))));

    public static async Task<string> AccessTokenAsync(HttpClient client, (string Id, string Secret, string[] Scopes) c)
    {
        var response = await TokenWithBasicAsync(client, c.Id, c.Secret);
        response.EnsureSuccessStatusCode();
        return (await Json.ReadAsync(response)).GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> RevokeAsync(HttpClient client, (string Id, string Secret, string[] Scopes) c, string token) =>
        client.PostAsync("/oauth/revoke", new FormUrlEncodedContent(Form(("token", token), ("client_id", c.Id), ("client_secret", c.Secret))));

    public static HttpRequestMessage Predict(string path, string model, string text, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Predict(model, text) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return request;
    }

    private static IEnumerable<KeyValuePair<string, string>> Form(params (string Key, string? Value)[] fields) =>
        fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!));
}
