using Microsoft.Extensions.Options;
using Nlp.Api.Auth;
using Nlp.Api.Endpoints;
using Nlp.Identity.Validation;
using Nlp.Api.Health;
using Nlp.Api.OpenApi;
using Nlp.Api.Telemetry;
using Nlp.Api.WarmUp;

namespace Nlp.Api;

/// <summary>The middleware order and the route table, in one place.</summary>
internal static class Pipeline
{
    private const string PublicPredictionPrefix = "/noauth";
    private const string BearerPrefix = "/auth";

    // The keys WebApplication checks before adding UseAuthentication/UseAuthorization itself (ASP.NET Core 7+).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSetKey = "__AuthorizationMiddlewareSet";

    public static WebApplication UseNlpPipeline(this WebApplication app)
    {
        app.UseWarmUpMarker();
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseNlpOpenApi();
        // The public prediction routes need no identity: skipping authentication there spares each of their requests
        // the co-hosted authorization server's dispatch (about a fifth of their throughput; docs/benchmarks.md).
        // WebApplication adds both middlewares in front of everything unless it sees them added, and it cannot see
        // into a branch: its markers say they are.
        // The bearer-token routes run no authentication middleware: the co-hosted server's dispatch, which every
        // scheme's request step would add, served none of them (an eighth of /auth/predict's CPU), and the predict
        // policy's scheme runs the token validation's request step itself, only when a token is not already known
        // (CachedBearerAuthenticationHandler).
        app.UseWhen(static context => context.Request.Path.StartsWithSegments(BearerPrefix), static branch => branch.UseAuthorization());
        app.UseWhen(
            static context => !context.Request.Path.StartsWithSegments(PublicPredictionPrefix) && !context.Request.Path.StartsWithSegments(BearerPrefix),
            static branch =>
            {
                branch.UseAuthentication();
                branch.UseAuthorization();
            });
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        ((IApplicationBuilder)app).Properties[AuthorizationMiddlewareSetKey] = true;
        return app;
    }

    public static WebApplication MapNlpEndpoints(this WebApplication app)
    {
        app.MapPredictionRoutes(PublicPredictionPrefix + "/predict", "/v1/models/{modelIdentifier}:predict", "NoAuth");
        app.MapPredictionRoutes(BearerPrefix + "/predict", BearerPrefix + "/v1/models/{modelIdentifier}:predict", "Auth")
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
