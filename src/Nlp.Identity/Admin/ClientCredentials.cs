namespace Nlp.Identity.Admin;

/// <summary>A client id and the plain secret, shown once after creation or rotation.</summary>
internal sealed record ClientCredentials(string ClientId, string ClientSecret);
