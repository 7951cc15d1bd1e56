using Microsoft.Extensions.DependencyInjection;

namespace Nlp.Identity.Health;

/// <summary>Health checks of the authorization server, for the host's readiness probe.</summary>
public static class IdentityHealthChecks
{
    /// <summary>Adds the identity-store check (a database connection) with the given tags.</summary>
    public static IHealthChecksBuilder AddNlpIdentityStoreCheck(this IHealthChecksBuilder builder, params string[] tags) =>
        builder.AddCheck<IdentityStoreHealthCheck>("identity-store", tags: tags);
}
