using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nlp.Api.WarmUp;

/// <summary>
/// Readiness: degraded while the warm-up runs (<see cref="WarmUpService"/>), healthy once it is over. Degraded, not
/// unhealthy: a start warming up is expected, and the health service logs every unhealthy answer as an error (a probe
/// every few seconds during each start would). <c>/health/ready</c> answers 503 for both (<c>HealthEndpoints</c>).
/// </summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public const string Name = "warm-up";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Finished
            ? HealthCheckResult.Healthy(state.Summary)
            : HealthCheckResult.Degraded("Warming up: predicting for the loaded models before taking traffic."));
}
