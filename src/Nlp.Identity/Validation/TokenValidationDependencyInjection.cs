using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nlp.Identity.Validation;

/// <summary>How a resource server (the API) validates the access tokens of <c>Nlp.Identity</c>.</summary>
public static class TokenValidationDependencyInjection
{
    private const string DefaultAudience = "nlp-api";

    /// <summary>
    /// Registers OpenIddict token validation and the <see cref="NlpAuthorizationPolicies.Predict"/> policy.
    /// <list type="bullet">
    /// <item><c>Auth:Mode=Embedded</c> (default): tokens are checked against the co-hosted server's keys and their entry
    /// in its token store, both kept for <c>Auth:TokenEntryCacheDuration</c> (<see cref="TokenEntryCache"/>, and the
    /// <see cref="CachedBearerAuthenticationHandler"/> scheme for header tokens); a token revoked in this process is
    /// refused at once, one revoked by another process sharing the store within that time (ADR-014).
    /// The host must also call <see cref="DependencyInjection.AddNlpIdentityServer"/>.</item>
    /// <item><c>Auth:Mode=External</c>: keys come from <c>Auth:Authority</c>'s discovery document (issuer and audience
    /// checked locally); whether a token was revoked is asked of its introspection endpoint with
    /// <c>Auth:ClientId</c>/<c>Auth:ClientSecret</c>, and the answer is trusted for <c>Auth:RevocationCheckInterval</c>;
    /// a header token's ticket is reused while that answer is (<see cref="IntrospectionTokenReuse"/>, ADR-015).</item>
    /// </list>
    /// The token is read from the <c>Authorization</c> header, a form body or the <c>access_token</c> query parameter.
    /// Missing or unusable tokens answer 401 <c>WWW-Authenticate: Bearer error="invalid_token"</c>; a token without
    /// <c>Auth:RequiredScope</c> answers 403 <c>error="insufficient_scope"</c>.
    /// </summary>
    /// <remarks><c>Auth:Mode</c> is read now; every other key when first used.</remarks>
    public static IServiceCollection AddNlpTokenValidation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TokenValidationOptions.SectionName);
        services.AddOptions<TokenValidationOptions>()
            .Bind(section)
            .PostConfigure(options => options.Audience = new[]
                {
                    section[nameof(TokenValidationOptions.Audience)], configuration["Identity:Audience"], DefaultAudience,
                }.First(value => !string.IsNullOrWhiteSpace(value))!)
            .Validate(
                options => options.Mode == AuthMode.Embedded || options.Authority is not null,
                "Auth:Mode is External but Auth:Authority is empty: set it to the issuer URL of Nlp.Identity.")
            .Validate(
                options => options.Mode == AuthMode.Embedded || !string.IsNullOrEmpty(options.ClientSecret),
                "Auth:Mode is External but Auth:ClientSecret is empty: the API needs its own client (Auth:ClientId, default the audience) to ask the introspection endpoint about revoked tokens.")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var mode = section.GetValue(nameof(TokenValidationOptions.Mode), AuthMode.Embedded);
        services.AddOpenIddict().AddValidation(validation =>
        {
            validation.UseAspNetCore();
            validation.AddEventHandler(NormalizeBearerChallengeErrors.Descriptor);
            if (mode == AuthMode.Embedded)
            {
                validation.UseLocalServer();
                validation.EnableTokenEntryValidation();
                validation.RemoveEventHandler(ValidateReferenceTokenIdentifier.Descriptor);
                validation.RemoveEventHandler(RestoreTokenEntryProperties.Descriptor);
                validation.RemoveEventHandler(ValidateTokenEntry.Descriptor);
                validation.AddEventHandler(ValidateReferenceTokensOnly.Descriptor);
                validation.AddEventHandler(RestoreCachedTokenEntry.Descriptor);
                validation.AddEventHandler(ValidateCachedTokenEntry.Descriptor);
            }
            else
            {
                validation.UseSystemNetHttp();
                validation.AddEventHandler(RejectRevokedTokensByIntrospection.Descriptor);
            }
        });
        services.AddSingleton<IConfigureOptions<OpenIddictValidationOptions>, ConfigureTokenValidation>();
        services.TryAddSingleton(TimeProvider.System);
        if (mode == AuthMode.Embedded)
        {
            services.TryAddSingleton<TokenEntryCache>();
            services.TryAddSingleton<ITokenReuse, TokenEntryReuse>();
        }
        else
        {
            services.AddHttpClient(IntrospectionTokenStatus.HttpClientName, client => client.Timeout = IntrospectionTokenStatus.RequestTimeout);
            services.AddSingleton<IntrospectionTokenStatus>();
            services.TryAddSingleton<ITokenReuse, IntrospectionTokenReuse>();
        }

        services.TryAddSingleton<AuthenticatedTokenCache>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, CachedBearerAuthenticationHandler>(
            CachedBearerAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<TokenValidationOptions>>((authorization, validationOptions) =>
        {
            var scope = validationOptions.Value.RequiredScope;
            authorization.AddPolicy(NlpAuthorizationPolicies.Predict, policy => policy
                .AddAuthenticationSchemes(CachedBearerAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.HasScope(scope)));
        });
        return services;
    }
}
