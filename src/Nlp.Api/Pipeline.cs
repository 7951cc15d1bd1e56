using Microsoft.Extensions.Options;
using Nlp.Api.Auth;
using Nlp.Api.Endpoints;
using Nlp.Identity.Validation;
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
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapNlpEndpoints(this WebApplication app)
    {
        app.MapPredictionRoutes("/noauth/predict", "/v1/models/{modelIdentifier}:predict", "NoAuth")
            .RequireRateLimiting(PredictionConcurrency.PolicyName);
        app.MapPredictionRoutes("/auth/predict", "/auth/v1/models/{modelIdentifier}:predict", "Auth")
            .RequireRateLimiting(PredictionConcurrency.PolicyName)
            .RequireAuthorization(NlpAuthorizationPolicies.Predict);
        var models = app.MapModelRoutes();
        if (app.Services.GetRequiredService<IOptions<ModelsApiOptions>>().Value.RequireAuth)
        {
            models.RequireAuthorization(NlpAuthorizationPolicies.Predict);
        }

        app.MapNlpAuth();
        app.MapHealthRoutes();
        app.MapMetricsRoute();
        return app;
    }
}
