using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Nlp.Application.Models;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Readiness: the models root is readable and, under eager loading, every model is serving (degraded while some are still
/// loading, unhealthy once one has failed).
/// </summary>
internal sealed class ModelsHealthCheck(ModelsRoot root, ModelCatalog catalog, IOptions<ModelsOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(root.FullPath).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The models root cannot be read."));
        }

        if (options.Value.EagerLoad && !catalog.AllAvailable(out var notReady))
        {
            // A failed load is an error; models still loading are a start (or a new folder) on its way: degraded, which
            // /health/ready answers 503 as well, without the health service logging an error for every probe meanwhile.
            var names = string.Join(", ", notReady.Select(s => $"{s.Identifier} ({s.State})"));
            var description = $"Models not serving yet: {names}.";
            return Task.FromResult(notReady.Any(s => s.State == ModelState.Failed)
                ? HealthCheckResult.Unhealthy(description)
                : HealthCheckResult.Degraded(description));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
