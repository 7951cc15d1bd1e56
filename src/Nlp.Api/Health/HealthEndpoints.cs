using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nlp.Api.Health;

/// <summary>Kubernetes-style probes: <c>/health/live</c> (the process answers) and <c>/health/ready</c> (tagged checks).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthRoutes(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Infrastructure.DependencyInjection.ReadyTag),
            ResponseWriter = WriteAsync,

            // Degraded is the warm-up still running (WarmUpHealthCheck): not ready for traffic.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).ExcludeFromDescription();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var checks = report.Entries.ToDictionary(e => e.Key, e => new HealthEntry(e.Value.Status.ToString(), e.Value.Description));
        return context.Response.WriteAsJsonAsync(new HealthAnswer(report.Status.ToString(), checks));
    }

    private sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthEntry> Checks);

    private sealed record HealthEntry(string Status, string? Description);
}
