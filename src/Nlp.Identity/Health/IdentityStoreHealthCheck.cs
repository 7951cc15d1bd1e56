using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nlp.Identity.Data;

namespace Nlp.Identity.Health;

/// <summary>Readiness of the identity store: the database answers a connection.</summary>
internal sealed class IdentityStoreHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NlpIdentityDbContext>();
        try
        {
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The identity store cannot be reached.");
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The identity store cannot be reached.");
        }
    }
}
