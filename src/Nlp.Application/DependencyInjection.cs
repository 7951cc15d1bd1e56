using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Application.Common.Behaviors;
using Nlp.Application.Common.Telemetry;

namespace Nlp.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Registers validators and the validation pipeline. The Mediator source generator runs in the composition root,
    /// which calls <c>AddMediator</c> itself.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssemblyContaining<PredictionOptions>(ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton<PredictionMetrics>();
        // Order matters: metrics outermost (it counts validation failures), then validation, then the handler.
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(PredictionMetricsBehavior<,>));
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        return services;
    }
}
