using Microsoft.Extensions.Options;

namespace Nlp.Api.BackPressure;

internal static class BackPressureSetup
{
    public static IServiceCollection AddPredictionBackPressure(this IServiceCollection services)
    {
        services.AddSingleton<BackPressureMetrics>();
        services.AddSingleton(provider =>
        {
            var limits = provider.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
            return new PredictionGate(limits.MaxConcurrentPredictions, limits.PredictionQueueLimit, limits.RetryAfterSeconds,
                provider.GetRequiredService<BackPressureMetrics>());
        });
        return services;
    }
}
