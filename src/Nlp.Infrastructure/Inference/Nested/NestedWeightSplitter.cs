using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// Hands a nested model's stored weights to its layers, as Keras's loaders do. HDF5 files with <c>layer_names</c>
/// (Keras 2, tf.keras, Keras 3 legacy <c>.h5</c>) store a nested model as one layer whose weights are
/// <c>model.trainable_weights + model.non_trainable_weights</c>: every inner layer's trainable weights in
/// <c>model.layers</c> order, then every inner layer's non-trainable ones (<c>convert_nested_model</c> in
/// <c>preprocess_weights_for_loading</c> splits them back by those counts; names are not read). Keras 3
/// <c>.weights.h5</c> files nest the groups: <c>layers/&lt;model key&gt;/layers/&lt;inner key&gt;/vars/N</c>, with the
/// same class-derived keys as the outer model. The result is keyed by the path below the nested model
/// (<c>lstm_1</c>, <c>inner_model/dense</c>); weightless layers have no entry.
/// </summary>
internal static class NestedWeightSplitter
{
    public static Dictionary<string, IReadOnlyList<WeightArray>> Split(
        NestedModel model, IReadOnlyList<WeightArray> weights, KerasWeightsLayout layout, string weightsFile, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        var split = new Dictionary<string, IReadOnlyList<WeightArray>>(StringComparer.Ordinal);
        if (layout == KerasWeightsLayout.Keras3)
        {
            ByKey(model, weights, string.Empty, string.Empty, split, weightsFile, architectureFile);
        }
        else
        {
            ByOrder(model, weights, split, weightsFile, architectureFile);
        }

        return split;
    }

    private static void ByOrder(
        NestedModel model, IReadOnlyList<WeightArray> weights, Dictionary<string, IReadOnlyList<WeightArray>> into, string weightsFile, string architectureFile)
    {
        var (trainable, nonTrainable) = NestedWeightOrder.Slots(model, string.Empty, architectureFile);
        var order = trainable.Concat(nonTrainable).ToList();
        if (order.Count != weights.Count)
        {
            var expected = order.GroupBy(s => (s.Leaf, s.ClassName)).Select(g => $"'{g.Key.Leaf}' ({g.Key.ClassName}) {g.Count()}");
            throw new ModelFormatException(weightsFile,
                $"{model.Description}: the weights file holds {weights.Count} weight array(s) for it, but its layers expect {order.Count} ({string.Join(", ", expected)})");
        }

        var byLeaf = order.GroupBy(s => s.Leaf).ToDictionary(g => g.Key, g => new WeightArray[g.Count()], StringComparer.Ordinal);
        for (var k = 0; k < order.Count; k++)
        {
            byLeaf[order[k].Leaf][order[k].Index] = weights[k];
        }

        foreach (var (leaf, leafWeights) in byLeaf)
        {
            into[leaf] = leafWeights;
        }
    }

    private static void ByKey(
        NestedModel model, IReadOnlyList<WeightArray> weights, string groupPrefix, string pathPrefix,
        Dictionary<string, IReadOnlyList<WeightArray>> into, string weightsFile, string architectureFile)
    {
        var claimed = new HashSet<WeightArray>(ReferenceEqualityComparer.Instance);
        foreach (var (layer, key) in LayerWeightMatcher.Keras3Keys(model.Architecture))
        {
            var group = $"{groupPrefix}layers/{key}/";
            var mine = weights.Where(w => w.Name.StartsWith(group, StringComparison.Ordinal)).ToList();
            claimed.UnionWith(mine);
            var hasWeights = model.InnerHasWeights(layer, architectureFile);
            if (hasWeights && mine.Count == 0)
            {
                throw new ModelFormatException(weightsFile, $"no weights for layer '{layer.Name}' ({layer.ClassName}) of {model.Description}: its group '{group.TrimEnd('/')}' is missing or empty");
            }

            if (!hasWeights && mine.Count > 0)
            {
                throw new ModelFormatException(weightsFile, $"group '{group.TrimEnd('/')}' of {model.Description} holds weights, but its layer '{layer.Name}' ({layer.ClassName}) has none");
            }

            if (!hasWeights)
            {
                continue;
            }

            if (model.Factories[layer.Name] is NestedModelFactory inner)
            {
                ByKey(inner.Model, mine, group, pathPrefix + layer.Name + "/", into, weightsFile, architectureFile);
            }
            else
            {
                into[pathPrefix + layer.Name] = mine;
            }
        }

        var extra = weights.Where(w => !claimed.Contains(w)).Select(w => $"'{w.Name}'").ToList();
        if (extra.Count > 0)
        {
            throw new ModelFormatException(weightsFile, $"{model.Description}: the weights file holds {string.Join(", ", extra.Take(10))}, which match none of its layers");
        }
    }
}
