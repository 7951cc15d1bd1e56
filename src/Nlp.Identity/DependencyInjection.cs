using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nlp.Identity.Admin;
using Nlp.Identity.Configuration;
using Nlp.Identity.Data;
using Nlp.Identity.Seeding;
using Nlp.Identity.Server;
using Nlp.Identity.Validation;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;

namespace Nlp.Identity;

/// <summary>
/// Adds the OAuth 2.0 authorization server (OpenIddict), its store and its admin pages to a web app: the standalone
/// <c>Nlp.Identity</c> host and <c>Nlp.Api</c> in <c>Auth:Mode=Embedded</c> call the same three methods.
/// </summary>
public static class DependencyInjection
{
    /// <summary>Registers the server, the EF Core store, data protection, the admin cookie and Razor Pages.</summary>
    /// <remarks>Configuration is read when first used, so sources added after this call (e.g. by a test host) count.</remarks>
    public static IServiceCollection AddNlpIdentityServer(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);

        services.AddOptions<IdentityServerOptions>()
            .Bind(configuration.GetSection(IdentityServerOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddNlpIdentityStore();
        services.AddSingleton<ServerKeyStore>();
        services.TryAddSingleton<TokenEntryCache>();
        services.AddSingleton<IPasswordHasher<AdminUser>, PasswordHasher<AdminUser>>();
        services.AddScoped<AdminAccounts>();
        services.AddScoped<OAuthClientRegistry>();
        services.AddScoped<IdentitySeeder>();

        services.AddDataProtection()
            .SetApplicationName("NlpInference")
            .PersistKeysToDbContext<NlpIdentityDbContext>();

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<NlpIdentityDbContext>();
                core.ReplaceTokenManager(typeof(CacheInvalidatingTokenManager<>));
            })
            .AddServer(server =>
            {
                server.SetTokenEndpointUris("oauth/token")
                    .SetRevocationEndpointUris("oauth/revoke")
                    .SetIntrospectionEndpointUris("oauth/introspect");
                server.AllowClientCredentialsFlow();
                server.AddEventHandler(ClientCredentialsTokenHandler.Descriptor);
                server.AddEventHandler(RejectUnregisteredClientScopes.Descriptor);
                server.UseAspNetCore();
            });
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ConfigureOpenIddictServer>();
        services.AddOptions<OpenIddictServerAspNetCoreOptions>()
            .Configure<IOptions<IdentityServerOptions>>((aspNetCore, identity) =>
                aspNetCore.DisableTransportSecurityRequirement = !identity.Value.RequireHttps);

        services.AddAuthentication()
            .AddCookie(AdminAuthentication.Scheme, cookie =>
            {
                cookie.LoginPath = "/login";
                cookie.LogoutPath = "/logout";
                cookie.AccessDeniedPath = "/login";
                cookie.Cookie.Name = AdminAuthentication.CookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.Policy, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.Scheme)
                .RequireAuthenticatedUser());

        var assembly = typeof(DependencyInjection).Assembly;
        services.AddRazorPages().ConfigureApplicationPartManager(parts =>
        {
            // A host whose entry assembly references this one already lists it; another host (a test, a console
            // launcher) gets the page models and the compiled Razor pages added here, once.
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Maps the admin pages (<c>/login</c>, <c>/logout</c>, <c>/clients</c>, <c>/create_client</c>) with
    /// <c>MapRazorPages()</c> (a host that maps Razor Pages itself as well gets them once: ASP.NET Core reuses the
    /// data source). The OAuth endpoints need no mapping: OpenIddict answers them from the authentication middleware,
    /// which <c>WebApplication</c> adds by itself (or the host's <c>UseAuthentication()</c>).
    /// </summary>
    public static WebApplication MapNlpIdentity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>
    /// Migrates the identity store, seeds the <c>profile</c> scope, the admin account and the configured clients, and
    /// loads the signing keys, so a bad certificate setting fails here, at start, with a message naming it.
    /// </summary>
    public static async Task InitializeNlpIdentityAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NlpIdentityDbContext>();
            await IdentityStoreMigration.MigrateAsync(db, cancellationToken);
            await scope.ServiceProvider.GetRequiredService<IdentitySeeder>().SeedAsync(cancellationToken);

            // The first token lookup builds its store query (~25 ms, the larger part of the first authenticated
            // request's time after a start): built here, before the service listens, by looking up an id no token has.
            _ = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(Guid.NewGuid().ToString(), cancellationToken);
        }

        _ = services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var target = services.GetRequiredService<IdentityDatabaseTarget>();
        IdentityLog.StoreReady(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DependencyInjection)), target.Provider.ToString());
    }
}
