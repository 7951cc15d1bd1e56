using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Nlp.Api.IntegrationTests.Infrastructure;

internal static class Json
{
    public static HttpContent Body(string json, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return content;
    }

    public static HttpContent Predict(string model, string text) =>
        Body(JsonSerializer.Serialize(new { modelIdentifier = model, text }));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
