using Microsoft.Extensions.Logging;

namespace Nlp.Identity;

/// <summary>Source-generated log messages of the authorization server (never secrets).</summary>
internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "No Identity:Admin:Password was configured: a random password for admin '{UserName}' was written once to standard output")]
    public static partial void AdminPasswordGenerated(ILogger logger, string userName);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Created admin account '{UserName}'")]
    public static partial void AdminCreated(ILogger logger, string userName);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Seeded client '{ClientId}'")]
    public static partial void ClientSeeded(ILogger logger, string clientId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Client '{ClientId}' exists already; its configuration entry was not applied")]
    public static partial void ClientAlreadyExists(ILogger logger, string clientId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Admin sign-in failed for '{UserName}'")]
    public static partial void AdminSignInFailed(ILogger logger, string userName);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Admin account '{UserName}' is locked out")]
    public static partial void AdminLockedOut(ILogger logger, string userName);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Admin '{Admin}' {Action} client '{ClientId}'")]
    public static partial void ClientChanged(ILogger logger, string admin, string action, string clientId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Identity store ready ({Provider})")]
    public static partial void StoreReady(ILogger logger, string provider);
}
