using Microsoft.AspNetCore.HttpOverrides;
using Nlp.Api.BackPressure;
using Nlp.Api.Contracts;
using Nlp.Api.Endpoints;
using Nlp.Api.ErrorHandling;
using Nlp.Api.OpenApi;
using Nlp.Api.Telemetry;
using Nlp.Api.WarmUp;
using Nlp.Application;

namespace Nlp.Api;

internal static class DependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HttpLimitsOptions>()
            .BindConfiguration(HttpLimitsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PredictionOptions>()
            .BindConfiguration(PredictionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JsonBodyReader>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        });
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] =
                System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Detail ??= StatusDetails.For(context.ProblemDetails.Status);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
        });
        services.AddNlpOpenApi(configuration);
        services.AddNlpTelemetry();
        services.AddPredictionBackPressure();
        services.AddWarmUp();
        return services;
    }
}
