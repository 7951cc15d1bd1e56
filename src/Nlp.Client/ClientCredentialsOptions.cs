namespace Nlp.Client;

/// <summary>Where and how to get OAuth 2.0 client-credentials tokens for the NlpInference <c>/auth/*</c> endpoints.</summary>
public sealed class ClientCredentialsOptions
{
    /// <summary>The token endpoint, e.g. <c>https://nlp.example.com/oauth/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    public string ClientId { get; set; } = string.Empty;

    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>Space-separated scopes to ask for (e.g. <c>profile</c>); none: the client's registered scopes.</summary>
    public string? Scope { get; set; }

    public ClientAuthenticationMethod ClientAuthentication { get; set; } = ClientAuthenticationMethod.ClientSecretBasic;

    /// <summary>
    /// A token is replaced this long before its <c>expires_in</c> runs out (at most half its lifetime), so a request never
    /// leaves with a token that expires on the way.
    /// </summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws when a required setting is missing.</summary>
    public void Validate()
    {
        if (TokenEndpoint is null || !TokenEndpoint.IsAbsoluteUri)
        {
            throw new InvalidOperationException("ClientCredentials.TokenEndpoint must be an absolute URI.");
        }

        if (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrEmpty(ClientSecret))
        {
            throw new InvalidOperationException("ClientCredentials.ClientId and ClientCredentials.ClientSecret are required.");
        }

        if (RefreshBeforeExpiry < TimeSpan.Zero)
        {
            throw new InvalidOperationException("ClientCredentials.RefreshBeforeExpiry must not be negative.");
        }
    }
}
