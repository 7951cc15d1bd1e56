using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nlp.Api.WarmUp;

/// <summary>Readiness: unhealthy while the warm-up runs (<see cref="WarmUpService"/>), healthy once it is over.</summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public const string Name = "warm-up";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Finished
            ? HealthCheckResult.Healthy(state.Summary)
            : HealthCheckResult.Unhealthy("Warming up: predicting for the loaded models before taking traffic."));
}
