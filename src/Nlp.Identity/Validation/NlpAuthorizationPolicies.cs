namespace Nlp.Identity.Validation;

/// <summary>Authorization policy names registered by <see cref="TokenValidationDependencyInjection.AddNlpTokenValidation"/>.</summary>
public static class NlpAuthorizationPolicies
{
    /// <summary>A valid bearer token carrying <c>Auth:RequiredScope</c> (default <c>profile</c>).</summary>
    public const string Predict = "predict";
}
