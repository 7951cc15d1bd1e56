namespace Nlp.Api.ErrorHandling;

/// <summary>A detail a person can act on, for statuses the framework answers itself (routing, content negotiation).</summary>
internal static class StatusDetails
{
    public static string? For(int? status) => status switch
    {
        // Our own 400s carry their detail; one without is the framework's: a query or route value that does not bind.
        StatusCodes.Status400BadRequest =>
            "A parameter of the request has the wrong form: see /api/docs (for example, includeAllTopics is true or false).",
        StatusCodes.Status404NotFound => "There is no such endpoint. See /api/docs for the operations this service offers.",
        StatusCodes.Status405MethodNotAllowed => "This endpoint does not accept that HTTP method. See /api/docs.",
        StatusCodes.Status415UnsupportedMediaType =>
            "This content type is not supported: send application/json (text/json or no content type are accepted too).",
        StatusCodes.Status401Unauthorized => "A valid bearer token is required.",
        StatusCodes.Status403Forbidden => "The token does not carry the scope this endpoint requires.",
        _ => null,
    };
}
