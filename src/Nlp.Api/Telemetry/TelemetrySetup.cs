using Nlp.Api.BackPressure;
using Nlp.Application.Common.Telemetry;
using OpenTelemetry.Metrics;

namespace Nlp.Api.Telemetry;

/// <summary>
/// OpenTelemetry metrics, scraped by Prometheus at <c>/metrics</c>: ASP.NET Core request metrics, the prediction
/// queue's wait time and rejections, our prediction/inference/model-load meters and runtime metrics.
/// No trace pipeline is configured: nothing would export its spans, and recording them cost a few percent of the
/// prediction throughput (docs/benchmarks.md). Trace ids still come from ASP.NET Core's own request activity, so
/// problem details and the JSON logs carry them and propagate an incoming <c>traceparent</c>.
/// </summary>
internal static class TelemetrySetup
{
    public static IServiceCollection AddNlpTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(BackPressureMetrics.MeterName, PredictionMetrics.MeterName, Infrastructure.Telemetry.MeterNames.Models)
                .AddPrometheusExporter());
        return services;
    }

    public static void MapMetricsRoute(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint("/metrics").ExcludeFromDescription();
}
