using Nlp.Application.Common.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Nlp.Api.Telemetry;

/// <summary>
/// OpenTelemetry metrics and traces. Metrics are scraped by Prometheus at <c>/metrics</c>: ASP.NET Core request
/// metrics, the rate limiter's queue time, our prediction/inference/model-load meters and runtime metrics.
/// Traces carry the trace id that problem details and JSON logs show.
/// </summary>
internal static class TelemetrySetup
{
    public static IServiceCollection AddNlpTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.RateLimiting", PredictionMetrics.MeterName, Infrastructure.Telemetry.MeterNames.Models)
                .AddPrometheusExporter())
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/metrics")));
        return services;
    }

    public static void MapMetricsRoute(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
}
