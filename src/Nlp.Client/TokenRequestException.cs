using System.Net;

namespace Nlp.Client;

/// <summary>The token endpoint refused or failed the client-credentials request (RFC 6749 section 5.2).</summary>
public sealed class TokenRequestException : Exception
{
    public TokenRequestException()
    {
    }

    public TokenRequestException(string message)
        : base(message)
    {
    }

    public TokenRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TokenRequestException(HttpStatusCode statusCode, string? error, string? errorDescription)
        : base(Describe(statusCode, error, errorDescription))
    {
        StatusCode = statusCode;
        Error = error;
        ErrorDescription = errorDescription;
    }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The OAuth error code, e.g. <c>invalid_client</c> or <c>invalid_scope</c>.</summary>
    public string? Error { get; }

    public string? ErrorDescription { get; }

    private static string Describe(HttpStatusCode statusCode, string? error, string? description) =>
        $"The token endpoint answered {(int)statusCode}" + (error is null ? "." : $" {error}") +
        (string.IsNullOrEmpty(description) ? string.Empty : $": {description}");
}
