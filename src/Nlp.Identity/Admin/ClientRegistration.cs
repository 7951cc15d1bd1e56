namespace Nlp.Identity.Admin;

/// <summary>What the admin (or the seeding) asks for when registering a client; the original's form fields.</summary>
internal sealed record ClientRegistration(
    string DisplayName,
    IReadOnlyList<string> Scopes,
    Uri? ClientUri = null,
    IReadOnlyList<Uri>? RedirectUris = null,
    string? ResponseType = null,
    string TokenEndpointAuthMethod = "client_secret_basic",
    string? ClientId = null,
    string? ClientSecret = null);
