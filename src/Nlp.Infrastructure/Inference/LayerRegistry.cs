using System.Diagnostics.CodeAnalysis;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The one table of layer factories, keyed by Keras <c>class_name</c>. <see cref="Default"/> lists every factory
/// list of the engine: adding a family of layers is one line in <see cref="FactoryLists"/>. A class listed twice
/// is an error at start-up, so two factories can never silently compete.
/// </summary>
internal sealed class LayerRegistry
{
    private static readonly IEnumerable<ILayerFactory>[] FactoryLists =
    [
        BasicLayerFactories.All,
        CoreLayerFactories.All,
        RecurrentLayerFactories.All,
    ];

    private readonly Dictionary<string, ILayerFactory> factories = new(StringComparer.Ordinal);

    public LayerRegistry(IEnumerable<ILayerFactory> factoryList)
    {
        ArgumentNullException.ThrowIfNull(factoryList);
        foreach (var factory in factoryList)
        {
            foreach (var className in factory.ClassNames)
            {
                if (!factories.TryAdd(className, factory))
                {
                    throw new InvalidOperationException($"Layer class '{className}' has two factories: {factories[className].GetType().Name} and {factory.GetType().Name}.");
                }
            }
        }
    }

    public static LayerRegistry Default { get; } = new(FactoryLists.SelectMany(list => list));

    public IReadOnlyCollection<string> ClassNames => factories.Keys;

    public bool TryGet(string className, [NotNullWhen(true)] out ILayerFactory? factory) =>
        factories.TryGetValue(className, out factory);
}
