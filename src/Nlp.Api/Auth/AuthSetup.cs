using Nlp.Identity;
using Nlp.Identity.Health;
using Nlp.Identity.Validation;

namespace Nlp.Api.Auth;

/// <summary>
/// OAuth 2.0 in the Api (CONTRACT.md section 4). <c>Auth:Mode=Embedded</c> (default) co-hosts the Nlp.Identity
/// authorization server in this process (one origin, like the original container); <c>External</c> validates tokens
/// of a separately deployed Nlp.Identity (<c>Auth:Authority</c>). Either way <c>/auth/*</c> needs a bearer token
/// with <c>Auth:RequiredScope</c> (default <c>profile</c>).
/// </summary>
internal static class AuthSetup
{
    public static bool IsEmbedded(IConfiguration configuration) =>
        !string.Equals(configuration["Auth:Mode"], nameof(AuthMode.External), StringComparison.OrdinalIgnoreCase);

    public static IServiceCollection AddNlpAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<ModelsApiOptions>().BindConfiguration(ModelsApiOptions.SectionName);
        if (IsEmbedded(configuration))
        {
            services.AddNlpIdentityServer(configuration, environment);
            services.AddHealthChecks().AddNlpIdentityStoreCheck(Infrastructure.DependencyInjection.ReadyTag);
        }

        services.AddNlpTokenValidation(configuration);
        return services;
    }

    /// <summary>Creates or migrates the identity store and seeds it (Embedded mode only).</summary>
    public static async Task InitializeNlpAuthAsync(this WebApplication app)
    {
        if (IsEmbedded(app.Configuration))
        {
            await app.Services.InitializeNlpIdentityAsync(app.Lifetime.ApplicationStopping);
        }
    }

    /// <summary>Token, revocation, introspection, discovery and the admin pages (Embedded mode only).</summary>
    public static void MapNlpAuth(this WebApplication app)
    {
        if (IsEmbedded(app.Configuration))
        {
            app.MapNlpIdentity();
        }
    }
}
