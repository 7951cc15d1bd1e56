using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Nlp.Api.Contracts;

/// <summary>
/// A wire answer written with its <c>Content-Length</c>, as the original Flask service sent it: the value is
/// serialized into a per-thread buffer first, then copied into the response in one write. The response goes out in
/// one piece when the request ends, instead of chunked (a chunk, then a separate end-of-body chunk) as an answer of
/// unknown length is.
/// </summary>
internal sealed class WireJsonResult<T>(T value, JsonTypeInfo<T> typeInfo) : IResult
{
    /// <summary>A thread's buffer is kept up to this size; a larger (batch) answer's buffer is dropped after use.</summary>
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = WireJson.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
            writer.Flush();
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json";
            response.ContentLength = buffer.WrittenCount;
            response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            writer.Reset(Stream.Null);
            if (buffer.Capacity > KeptBufferBytes)
            {
                t_buffer = null;
            }
            else
            {
                buffer.ResetWrittenCount();
            }
        }

        // Nothing to await: Kestrel sends the buffered answer, headers and body together, when the request ends.
        return Task.CompletedTask;
    }
}
