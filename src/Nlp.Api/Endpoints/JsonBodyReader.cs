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

        // The body is read into a pooled buffer (most bodies fit the first 4 KiB), then parsed in one go.
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > _maxBytes)
                {
                    throw RequestBodyException.TooLarge(_maxBytes);
                }
            }

            if (total == 0)
            {
                throw RequestBodyException.NotJson("The request body is empty: send a JSON object such as {\"modelIdentifier\": \"...\", \"text\": \"...\"}.");
            }

            try
            {
                return JsonSerializer.Deserialize(buffer.AsSpan(0, total), typeInfo)
                    ?? throw RequestBodyException.NotJson("The request body is JSON null: send a JSON object.");
            }
            catch (JsonException e)
            {
                // JsonException messages name the path and position, never the content.
                throw RequestBodyException.NotJson($"The request body is not a valid JSON object of the expected shape: {e.Message}");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void EnsureJsonContentType(string? contentType)
    {
        // No header, or the plain JSON one most callers send: nothing to parse.
        if (string.IsNullOrWhiteSpace(contentType) || contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
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
