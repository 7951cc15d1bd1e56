namespace Nlp.Api.ErrorHandling;

/// <summary>The request body cannot be used: its status is 400 (not JSON), 413 (too large) or 415 (content type).</summary>
internal sealed class RequestBodyException(int statusCode, string title, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string Title { get; } = title;

    public static RequestBodyException NotJson(string detail) =>
        new(StatusCodes.Status400BadRequest, "The request body is not valid JSON.", detail);

    public static RequestBodyException TooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"The request body must be at most {limit} bytes.");

    public static RequestBodyException UnsupportedContentType(string contentType) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.",
            $"Content type '{contentType}' is not supported: send application/json (text/json or no content type are accepted too).");
}
