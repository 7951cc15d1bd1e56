using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Identity.Configuration;

namespace Nlp.Identity.Data;

/// <summary>
/// Registers both provider-specific contexts and resolves <see cref="NlpIdentityDbContext"/> to the configured one.
/// Each context runs on its compiled model (<c>Data/CompiledModels</c>, found by EF through the assembly's
/// <c>DbContextModel</c> attribute), so a start does not build the model. The start's migration does not compare the
/// model with the migrations' snapshot either (<see cref="RelationalEventId.PendingModelChangesWarning"/> is off): that
/// check built the whole model again, and the tests make it instead (IdentityModelTests), with the check that the
/// compiled models are what EF generates from today's model (ADR-011). The options are built once (singleton):
/// built per scope, as <c>AddDbContext</c> does by default, they cost more than the token-entry query they served.
/// </summary>
internal static class IdentityStoreRegistration
{
    public static IServiceCollection AddNlpIdentityStore(this IServiceCollection services)
    {
        services.AddSingleton<IdentityDatabaseTarget>();
        services.AddDbContext<SqliteNlpIdentityDbContext>(
            (provider, options) => Configure(options.UseSqlite(provider.GetRequiredService<IdentityDatabaseTarget>().ConnectionString)),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddDbContext<PostgreSqlNlpIdentityDbContext>(
            (provider, options) => Configure(options.UseNpgsql(provider.GetRequiredService<IdentityDatabaseTarget>().ConnectionString)),
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddScoped<NlpIdentityDbContext>(provider =>
            provider.GetRequiredService<IdentityDatabaseTarget>().Provider == IdentityDatabaseProvider.PostgreSql
                ? provider.GetRequiredService<PostgreSqlNlpIdentityDbContext>()
                : provider.GetRequiredService<SqliteNlpIdentityDbContext>());
        return services;
    }

    private static void Configure(DbContextOptionsBuilder options) =>
        options.UseOpenIddict().ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning));
}
