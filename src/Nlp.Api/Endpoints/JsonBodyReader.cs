using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Nlp.Api.ErrorHandling;

namespace Nlp.Api.Endpoints;

/// <summary>
/// Reads a JSON request body the way the original service accepted it: <c>application/json</c>, <c>text/json</c>,
/// <c>application/*+json</c> or no content type at all; at most <see cref="HttpLimitsOptions.MaxRequestBodyBytes"/> bytes.
/// </summary>
internal sealed class JsonBodyReader(IOptions<HttpLimitsOptions> limits)
{
    private readonly long _maxBytes = limits.Value.MaxRequestBodyBytes;

    public async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        EnsureJsonContentType(request.ContentType);
        if (request.ContentLength > _maxBytes)
        {
            throw RequestBodyException.TooLarge(_maxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        var total = 0L;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
            if (total > _maxBytes)
            {
                throw RequestBodyException.TooLarge(_maxBytes);
            }

            buffer.Advance(read);
        }

        if (total == 0)
        {
            throw RequestBodyException.NotJson("The request body is empty: send a JSON object such as {\"modelIdentifier\": \"...\", \"text\": \"...\"}.");
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo)
                ?? throw RequestBodyException.NotJson("The request body is JSON null: send a JSON object.");
        }
        catch (JsonException e)
        {
            // JsonException messages name the path and position, never the content.
            throw RequestBodyException.NotJson($"The request body is not a valid JSON object of the expected shape: {e.Message}");
        }
    }

    private static void EnsureJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            throw RequestBodyException.UnsupportedContentType(contentType);
        }

        var isJson = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        if (!isJson)
        {
            throw RequestBodyException.UnsupportedContentType(type);
        }
    }
}
