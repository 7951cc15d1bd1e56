namespace Nlp.Identity.Validation;

/// <summary>Where the API's access tokens come from.</summary>
public enum AuthMode
{
    /// <summary>The authorization server runs in the API's own process and store.</summary>
    Embedded,

    /// <summary>A separately deployed <c>Nlp.Identity</c> at <see cref="TokenValidationOptions.Authority"/>.</summary>
    External,
}
