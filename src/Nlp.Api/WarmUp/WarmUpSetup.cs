using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Telemetry;

namespace Nlp.Api.WarmUp;

/// <summary>Registers the warm-up (<see cref="WarmUpService"/>), its readiness check, and the middleware that keeps its requests unmeasured.</summary>
internal static class WarmUpSetup
{
    public static IServiceCollection AddWarmUp(this IServiceCollection services)
    {
        services.AddOptions<WarmUpOptions>()
            .BindConfiguration(WarmUpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<WarmUpState>();
        services.AddHostedService<WarmUpService>();
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>(WarmUpHealthCheck.Name, tags: [Infrastructure.DependencyInjection.ReadyTag]);
        return services;
    }

    /// <summary>
    /// The service's own warm-up requests (the secret header) stay out of ASP.NET Core's request metrics and the
    /// prediction request metrics; every other request, header or not, is measured as always. Without a warm-up (the
    /// default) it is not added at all.
    /// </summary>
    public static IApplicationBuilder UseWarmUpMarker(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<WarmUpOptions>>().Value.Duration <= TimeSpan.Zero)
        {
            return app; // no warm-up: nothing to tell apart
        }

        var state = app.ApplicationServices.GetRequiredService<WarmUpState>();
        return app.Use((context, next) =>
        {
            if (state.Finished || !context.Request.Headers.TryGetValue(WarmUpState.HeaderName, out var header)
                || !state.IsWarmUpRequest(header))
            {
                return next(context);
            }

            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } metrics)
            {
                metrics.MetricsDisabled = true;
            }

            return Unmeasured(context, next);
        });
    }

    private static async Task Unmeasured(HttpContext context, RequestDelegate next)
    {
        PredictionMetrics.LeaveRequestsUnrecorded(); // for this request's flow only: restored when this method returns
        await next(context);
    }
}
