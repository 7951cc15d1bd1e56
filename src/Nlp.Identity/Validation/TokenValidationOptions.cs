using System.ComponentModel.DataAnnotations;

namespace Nlp.Identity.Validation;

/// <summary>How the API validates access tokens (configuration section <c>Auth</c>).</summary>
public sealed class TokenValidationOptions
{
    public const string SectionName = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.Embedded;

    /// <summary>External mode: the issuer URL of the separately deployed authorization server.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The audience a token must carry (the authorization server's <c>Identity:Audience</c>).</summary>
    [Required]
    public string Audience { get; set; } = "nlp-api";

    /// <summary>The scope needed by the <c>predict</c> policy.</summary>
    [Required]
    public string RequiredScope { get; set; } = "profile";

    /// <summary>External mode: how long an introspection answer ("still active") is trusted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RevocationCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Embedded mode: how long what the store says about a token's entry is kept (never past the token's expiry).
    /// Revocations made in this process drop what was kept at once; one made by another process sharing the store is
    /// seen within this time. <c>00:00:00</c> reads the store on every request (ADR-014).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TokenEntryCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>External mode: the API's own client id at the authorization server (defaults to <see cref="Audience"/>).</summary>
    public string? ClientId { get; set; }

    /// <summary>External mode: the API's client secret, used to call the introspection endpoint.</summary>
    public string? ClientSecret { get; set; }
}
