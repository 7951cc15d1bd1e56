using Nlp.Api.Endpoints;
using Nlp.Api.Health;
using Nlp.Api.OpenApi;
using Nlp.Api.RateLimiting;
using Nlp.Api.Telemetry;

namespace Nlp.Api;

/// <summary>The middleware order and the route table, in one place.</summary>
internal static class Pipeline
{
    public static WebApplication UseNlpPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseNlpOpenApi();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapNlpEndpoints(this WebApplication app)
    {
        app.MapPredictionRoutes("/noauth/predict", "/v1/models/{modelIdentifier}:predict", "NoAuth")
            .RequireRateLimiting(PredictionConcurrency.PolicyName);
        app.MapModelRoutes();
        app.MapHealthRoutes();
        app.MapMetricsRoute();
        return app;
    }
}
