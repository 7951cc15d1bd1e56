namespace Nlp.Identity.Admin;

/// <summary>A client as the admin list shows it (never its secret).</summary>
internal sealed record RegisteredClient(
    string ClientId,
    string DisplayName,
    IReadOnlyList<string> Scopes,
    string? ClientUri,
    string? TokenEndpointAuthMethod);
