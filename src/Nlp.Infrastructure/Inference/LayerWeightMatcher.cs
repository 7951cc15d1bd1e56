using System.Text.RegularExpressions;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Pairs the model's layers with the file's weights exactly as Keras's <c>load_weights</c> does. HDF5 files with
/// <c>layer_names</c>: by order, the model's layers that have weights (in <c>model.layers</c> order) with the file's
/// layers whose weight list is not empty (names are not compared). Keras 3 <c>.weights.h5</c>: by key, each model
/// layer's key being its class name in snake case, numbered per class in order (<c>dense</c>, <c>dense_1</c>);
/// a Sequential model's input layer has none. A nested model counts as one layer (with weights when any of its
/// layers has); <c>Nested.NestedWeightSplitter</c> then shares its weights among its layers.
/// </summary>
internal static partial class LayerWeightMatcher
{
    public static Dictionary<string, IReadOnlyList<WeightArray>> Match(
        ModelArchitecture architecture, IReadOnlyDictionary<string, ILayerFactory> factories, KerasWeightsFile weights, string architectureFile)
    {
        var withWeights = architecture.Layers.Where(l => HasWeights(l, factories[l.Name], architectureFile)).ToList();
        return weights.Layout == KerasWeightsLayout.Keras3
            ? MatchByKey(architecture, withWeights, weights)
            : MatchByOrder(withWeights, weights);
    }

    /// <summary>
    /// The key of each layer in a Keras 3 <c>.weights.h5</c> (<c>saving_lib._save_container_state</c> over
    /// <c>model.layers</c>): the class in snake case, then numbered per class (<c>dense</c>, <c>dense_1</c>, ...);
    /// a Sequential model's input layer is not in <c>model.layers</c>.
    /// </summary>
    public static List<(ArchitectureLayer Layer, string Key)> Keras3Keys(ModelArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<(ArchitectureLayer, string)>(architecture.Layers.Count);
        foreach (var layer in architecture.Layers.Where(l => !(architecture.IsSequential && l.IsInputLayer)))
        {
            var snake = SnakeCase(layer.ClassName);
            var key = snake;
            if (counters.TryGetValue(snake, out var count))
            {
                key = $"{snake}_{count + 1}";
                counters[snake] = count + 1;
            }
            else
            {
                counters[snake] = 0;
            }

            keys.Add((layer, key));
        }

        return keys;
    }

    /// <summary>Keras 3's key for a class: <c>naming.to_snake_case</c>.</summary>
    public static string SnakeCase(string className)
    {
        var name = NonWord().Replace(className, string.Empty);
        name = WordStart().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }

    private static Dictionary<string, IReadOnlyList<WeightArray>> MatchByOrder(List<ArchitectureLayer> model, KerasWeightsFile weights)
    {
        var file = weights.Layers.Where(l => l.Weights.Count > 0).ToList();
        if (file.Count != model.Count)
        {
            var modelNames = model.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            var fileNames = file.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            var missing = model.Where(l => !fileNames.Contains(l.Name)).Select(l => $"'{l.Name}' ({l.ClassName})").ToList();
            var extra = file.Where(l => !modelNames.Contains(l.Name)).Select(l => $"'{l.Name}'").ToList();
            var detail = (missing.Count > 0 ? $"; no weights for layer {Join(missing)}" : string.Empty)
                + (extra.Count > 0 ? $"; weights for layer {Join(extra)}, which the architecture does not have" : string.Empty);
            throw new ModelFormatException(weights.FileName,
                $"the weights file holds weights for {file.Count} layers but the architecture has {model.Count} layers with weights{detail}");
        }

        var matched = new Dictionary<string, IReadOnlyList<WeightArray>>(StringComparer.Ordinal);
        for (var i = 0; i < model.Count; i++)
        {
            matched[model[i].Name] = file[i].Weights;
        }

        return matched;
    }

    private static Dictionary<string, IReadOnlyList<WeightArray>> MatchByKey(
        ModelArchitecture architecture, List<ArchitectureLayer> withWeights, KerasWeightsFile weights)
    {
        var byKey = weights.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var matched = new Dictionary<string, IReadOnlyList<WeightArray>>(StringComparer.Ordinal);
        foreach (var (layer, key) in Keras3Keys(architecture))
        {
            var stored = byKey.GetValueOrDefault(key)?.Weights ?? [];
            used.Add(key);
            if (withWeights.Contains(layer))
            {
                matched[layer.Name] = stored.Count > 0 ? stored
                    : throw new ModelFormatException(weights.FileName, $"no weights for layer '{layer.Name}' ({layer.ClassName}): group 'layers/{key}' is missing or empty");
            }
            else if (stored.Count > 0)
            {
                throw new ModelFormatException(weights.FileName, $"group 'layers/{key}' holds weights, but layer '{layer.Name}' ({layer.ClassName}) has none");
            }
        }

        var extra = weights.Layers.Where(l => l.Weights.Count > 0 && !used.Contains(l.Name)).Select(l => $"'layers/{l.Name}'").ToList();
        return extra.Count == 0 ? matched
            : throw new ModelFormatException(weights.FileName, $"the weights file holds weights for {Join(extra)}, which match no layer of the architecture");
    }

    private static bool HasWeights(ArchitectureLayer layer, ILayerFactory factory, string architectureFile)
    {
        try
        {
            return factory.HasWeights(layer.Config);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}): {ex.Message}", ex);
        }
    }

    private static string Join(List<string> names) =>
        string.Join(", ", names.Take(10)) + (names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty);

    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex WordStart();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();
}
