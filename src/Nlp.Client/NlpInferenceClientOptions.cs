namespace Nlp.Client;

/// <summary>Settings of <see cref="NlpInferenceClientServiceCollectionExtensions.AddNlpInferenceClient"/>.</summary>
public sealed class NlpInferenceClientOptions
{
    /// <summary>
    /// Client-credentials settings for the <c>/auth/*</c> endpoints; null (the default) sends no token, for the
    /// anonymous <c>/noauth/*</c> and models endpoints.
    /// </summary>
    public ClientCredentialsOptions? ClientCredentials { get; set; }

    /// <summary>The timeout of one call, token included (<see cref="HttpClient.Timeout"/>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
