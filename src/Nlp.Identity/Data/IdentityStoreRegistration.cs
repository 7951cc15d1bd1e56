using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Identity.Configuration;

namespace Nlp.Identity.Data;

/// <summary>Registers both provider-specific contexts and resolves <see cref="NlpIdentityDbContext"/> to the configured one.</summary>
internal static class IdentityStoreRegistration
{
    public static IServiceCollection AddNlpIdentityStore(this IServiceCollection services)
    {
        services.AddSingleton<IdentityDatabaseTarget>();
        services.AddDbContext<SqliteNlpIdentityDbContext>((provider, options) =>
            options.UseSqlite(provider.GetRequiredService<IdentityDatabaseTarget>().ConnectionString).UseOpenIddict());
        services.AddDbContext<PostgreSqlNlpIdentityDbContext>((provider, options) =>
            options.UseNpgsql(provider.GetRequiredService<IdentityDatabaseTarget>().ConnectionString).UseOpenIddict());
        services.AddScoped<NlpIdentityDbContext>(provider =>
            provider.GetRequiredService<IdentityDatabaseTarget>().Provider == IdentityDatabaseProvider.PostgreSql
                ? provider.GetRequiredService<PostgreSqlNlpIdentityDbContext>()
                : provider.GetRequiredService<SqliteNlpIdentityDbContext>());
        return services;
    }
}
