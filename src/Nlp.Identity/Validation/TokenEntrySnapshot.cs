namespace Nlp.Identity.Validation;

/// <summary>
/// What token validation reads from an access token's entry in the store (the fields OpenIddict's
/// <c>RestoreTokenEntryProperties</c> and <c>ValidateTokenEntry</c> handlers read), detached from any <c>DbContext</c>.
/// </summary>
internal sealed record TokenEntrySnapshot(
    string Id,
    string? Type,
    bool IsValid,
    bool HasReferenceId,
    DateTimeOffset? CreationDate,
    DateTimeOffset? ExpirationDate,
    string? AuthorizationId);
