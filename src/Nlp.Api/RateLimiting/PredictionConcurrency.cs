using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Nlp.Api.RateLimiting;

/// <summary>
/// Back-pressure on inference: at most <see cref="HttpLimitsOptions.MaxConcurrentPredictions"/> predictions run at
/// once, up to <see cref="HttpLimitsOptions.PredictionQueueLimit"/> wait (oldest first); beyond that 503 with
/// <c>Retry-After</c>. Queue time is published by ASP.NET Core's rate-limiting meter.
/// </summary>
internal static class PredictionConcurrency
{
    public const string PolicyName = "predictions";

    public static IServiceCollection AddPredictionConcurrency(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            o.OnRejected = async (context, ct) =>
            {
                var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
                context.HttpContext.Response.Headers.RetryAfter = limits.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "Too many requests in flight.",
                        Detail = $"The server is at its limit of concurrent predictions; retry after {limits.RetryAfterSeconds} s.",
                    },
                });
            };
            o.AddPolicy(PolicyName, context =>
            {
                var limits = context.RequestServices.GetRequiredService<IOptions<HttpLimitsOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter("all", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = limits.MaxConcurrentPredictions,
                    QueueLimit = limits.PredictionQueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
        });
        return services;
    }
}
