using Microsoft.Extensions.Options;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Api.BackPressure;

internal static class BackPressureSetup
{
    public static IServiceCollection AddPredictionBackPressure(this IServiceCollection services)
    {
        services.AddSingleton<BackPressureMetrics>();
        services.AddSingleton(provider =>
        {
            var limits = provider.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
            var batching = provider.GetRequiredService<IOptions<MicroBatchingOptions>>().Value;
            return new PredictionGate(limits.ConcurrentPredictions(batching), limits.PredictionQueueLimit, limits.RetryAfterSeconds,
                provider.GetRequiredService<BackPressureMetrics>());
        });
        return services;
    }
}
