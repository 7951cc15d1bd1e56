using System.Text.Json;

namespace Nlp.Client;

/// <summary>Reads the RFC 9457 problem details out of any <see cref="ApiException"/>.</summary>
public static class ApiExceptionExtensions
{
    /// <summary>
    /// The problem details of the failed call: the typed result for statuses the OpenAPI document declares (a
    /// <see cref="HttpValidationProblemDetails"/> with <c>errors</c> for 400), else the body parsed as problem details
    /// (e.g. 401, 429, 503); null when the body is not a JSON object.
    /// </summary>
    public static ProblemDetails? GetProblemDetails(this ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ApiException<HttpValidationProblemDetails> validation => validation.Result,
            ApiException<ProblemDetails> problem => problem.Result,
            _ => Parse(exception.Response),
        };
    }

    private static HttpValidationProblemDetails? Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<HttpValidationProblemDetails>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
