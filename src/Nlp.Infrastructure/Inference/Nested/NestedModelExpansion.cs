using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// Once the weights file's layers are paired with the model's (a nested model counting as one layer), replaces each
/// nested model by its layers (<see cref="NestedModelInliner"/>) and gives each of them its share of the nested
/// model's weights (<see cref="NestedWeightSplitter"/>), keyed by its inlined name <c>&lt;model&gt;/&lt;layer&gt;</c>.
/// </summary>
internal static class NestedModelExpansion
{
    public static (ModelArchitecture, Dictionary<string, ILayerFactory>, Dictionary<string, IReadOnlyList<WeightArray>>) Expand(
        ModelArchitecture architecture, IReadOnlyDictionary<string, ILayerFactory> factories,
        Dictionary<string, IReadOnlyList<WeightArray>> weightsByLayer, KerasWeightsFile weights, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(factories);
        ArgumentNullException.ThrowIfNull(weightsByLayer);
        ArgumentNullException.ThrowIfNull(weights);
        var split = new Dictionary<string, IReadOnlyList<WeightArray>>(weightsByLayer, StringComparer.Ordinal);
        foreach (var layer in architecture.Layers)
        {
            if (factories[layer.Name] is not NestedModelFactory nested || !split.Remove(layer.Name, out var stored))
            {
                continue;
            }

            foreach (var (path, inner) in NestedWeightSplitter.Split(nested.Model, stored, weights.Layout, weights.FileName, architectureFile))
            {
                split[layer.Name + "/" + path] = inner;
            }
        }

        var (inlined, inlinedFactories) = NestedModelInliner.Inline(architecture, factories, architectureFile);
        return (inlined, inlinedFactories, split);
    }
}
