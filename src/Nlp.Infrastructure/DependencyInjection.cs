using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Common.Telemetry;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Health-check tag of the checks that decide readiness.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Name of the readiness check of the models (the root readable; under eager loading, every model serving).</summary>
    public const string ModelsCheckName = "models";

    /// <summary>Model folders, the Keras loaders (with optional micro-batching), the model catalog and its folder watcher.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        services.AddOptions<ModelsOptions>()
            .BindConfiguration(ModelsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<ModelsOptions>>().Value.Path;
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new ModelsRoot(Path.Combine(contentRoot, path));
        });
        services.AddOptions<MicroBatchingOptions>()
            .BindConfiguration(MicroBatchingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<EngineOptions>()
            .BindConfiguration(EngineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            return new KerasModelFolderLoader(
                sp.GetRequiredService<PredictionMetrics>(), engine.MaxComputeTime, maxActivationValues: engine.MaxActivationValues,
                maxPassValues: engine.MaxPassValues);
        });
        services.AddSingleton<IModelLoader>(sp =>
        {
            // Process-wide engine settings, applied before the first model is loaded.
            var engine = sp.GetRequiredService<IOptions<EngineOptions>>().Value;
            KernelThreads.Configure(engine.KernelThreads);
            WeightMemory.Configure(engine.HugePages);
            return ActivatorUtilities.CreateInstance<MicroBatchingModelLoader>(sp);
        });
        services.AddSingleton<ModelLoadEvents>();
        services.AddSingleton<ModelCatalog>();
        services.AddSingleton<IModelRepository>(sp => sp.GetRequiredService<ModelCatalog>());
        services.AddSingleton<IModelCatalog>(sp => sp.GetRequiredService<ModelCatalog>());
        services.AddHostedService<ModelFolderWatcher>();
        services.AddHealthChecks().AddCheck<ModelsHealthCheck>(ModelsCheckName, tags: [ReadyTag]);
        return services;
    }
}
