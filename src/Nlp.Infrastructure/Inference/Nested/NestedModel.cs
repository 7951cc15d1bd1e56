using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// A model used as a layer of another (a <c>Sequential</c>, <c>Model</c> or <c>Functional</c> layer entry): its layer
/// entry in the outer model, its path from the outermost model (<c>outer_nested/inner_nested</c>), its own graph
/// (parsed from the entry's config) and a factory for each of its layers, nested models included.
/// </summary>
internal sealed class NestedModel
{
    private NestedModel(ArchitectureLayer layer, string path, ModelArchitecture architecture, IReadOnlyDictionary<string, ILayerFactory> factories)
    {
        Layer = layer;
        Path = path;
        Architecture = architecture;
        Factories = factories;
    }

    public ArchitectureLayer Layer { get; }

    public string Path { get; }

    public ModelArchitecture Architecture { get; }

    public IReadOnlyDictionary<string, ILayerFactory> Factories { get; }

    /// <summary>Describes the model in errors: <c>nested model 'encoder' (Sequential)</c>.</summary>
    public string Description => $"nested model '{Path}' ({Layer.ClassName})";

    /// <summary>Whether any of its layers (at any depth) stores weights: then Keras saves weights for the model.</summary>
    public bool HasWeights(string architectureFile) =>
        Architecture.Layers.Any(l => InnerHasWeights(l, architectureFile));

    /// <summary>Whether one of its layers stores weights.</summary>
    public bool InnerHasWeights(ArchitectureLayer inner, string architectureFile)
    {
        try
        {
            return Factories[inner.Name].HasWeights(inner.Config);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(architectureFile, $"layer '{inner.Name}' ({inner.ClassName}) of {Description}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Parses a nested model's config and resolves a factory for each of its layers with <paramref name="resolve"/>
    /// (given the inner layer and its path; it recurses into models nested deeper).
    /// </summary>
    public static NestedModel Parse(
        ArchitectureLayer layer, string path, int kerasMajorVersion, Func<ArchitectureLayer, string, ILayerFactory> resolve, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(resolve);
        var root = new System.Text.Json.Nodes.JsonObject
        {
            ["class_name"] = layer.ClassName,
            ["config"] = layer.Config.DeepClone(),
        };
        ModelArchitecture architecture;
        try
        {
            architecture = ModelArchitectureParser.Parse(root, architectureFile, nested: true) with { KerasMajorVersion = kerasMajorVersion };
        }
        catch (ModelFormatException ex)
        {
            throw new ModelFormatException(architectureFile, $"nested model '{path}' ({layer.ClassName}): {ex.Message}", ex);
        }

        var factories = new Dictionary<string, ILayerFactory>(StringComparer.Ordinal);
        foreach (var inner in architecture.Layers)
        {
            factories[inner.Name] = resolve(inner, path + "/" + inner.Name);
        }

        return new NestedModel(layer, path, architecture, factories);
    }
}
