using Microsoft.Extensions.Logging;

namespace Nlp.Identity.Validation;

internal static partial class TokenValidationLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Error,
        Message = "The introspection endpoint answered {StatusCode} to client '{ClientId}': check Auth:ClientId / Auth:ClientSecret; tokens are refused meanwhile")]
    public static partial void IntrospectionRefused(ILogger logger, int statusCode, string clientId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error,
        Message = "The authorization server could not be asked whether a token is revoked; the token is refused")]
    public static partial void IntrospectionFailed(ILogger logger, Exception exception);
}
