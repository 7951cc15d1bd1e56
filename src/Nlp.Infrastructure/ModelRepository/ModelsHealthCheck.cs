using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Readiness: the models root is readable and, under eager loading, every model is serving.</summary>
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
            var names = string.Join(", ", notReady.Select(s => $"{s.Identifier} ({s.State})"));
            return Task.FromResult(HealthCheckResult.Unhealthy($"Models not serving yet: {names}."));
        }

        return Task.FromResult(HealthCheckResult.Healthy());
    }
}
