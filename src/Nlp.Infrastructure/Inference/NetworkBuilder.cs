using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Inference.Nested;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Builds a <see cref="CompiledNetwork"/> from an architecture and a weights file: every layer's class must be in the
/// <see cref="LayerRegistry"/>, weights are paired as Keras's <c>load_weights</c> pairs them, and the graph is put in
/// execution order (a chain for Sequential models; for functional ones the calls the outputs depend on, shared
/// layers once per call). Nested models (a model used as a layer) are inlined: their layers join the graph as
/// <c>&lt;model&gt;/&lt;layer&gt;</c> with their share of the model's weights (<see cref="NestedModelExpansion"/>).
/// Errors are <see cref="ModelFormatException"/>s naming the file and the layer.
/// </summary>
/// <param name="maxActivationValues">The most values a layer output may hold per text (<see cref="ActivationLimit"/>).</param>
internal sealed class NetworkBuilder(LayerRegistry registry, long maxActivationValues = ActivationLimit.DefaultMaxValuesPerSample)
{
    public static NetworkBuilder Default { get; } = new(LayerRegistry.Default);

    /// <param name="architecture">The parsed architecture.</param>
    /// <param name="weights">The weights file's content.</param>
    /// <param name="architectureFile">The architecture's file name for errors (the weights file when it came from its <c>model_config</c>).</param>
    public CompiledNetwork Build(ModelArchitecture architecture, KerasWeightsFile weights, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(weights);
        var kerasMajor = weights.KerasMajorVersion ?? architecture.KerasMajorVersion;
        var factories = ResolveFactories(architecture, kerasMajor, architectureFile);
        var weightsByLayer = LayerWeightMatcher.Match(architecture, factories, weights, architectureFile);
        if (factories.Values.Any(f => f is NestedModelFactory))
        {
            (architecture, factories, weightsByLayer) = NestedModelExpansion.Expand(architecture, factories, weightsByLayer, weights, architectureFile);
        }

        var layers = architecture.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        var order = NetworkGraphOrder.Sort(architecture, layers, architectureFile);

        var slots = new Dictionary<(string Layer, int Call), int>();
        var slotShapes = new List<int?[]>();
        var built = new Dictionary<string, (BuiltLayer Layer, IReadOnlyList<int?[]> InputShapes)>(StringComparer.Ordinal);
        var steps = new List<NetworkStep>();
        var inputKeys = architecture.Inputs.Select(r => (r.LayerName, r.NodeIndex)).ToHashSet();
        foreach (var node in order)
        {
            var layer = layers[node.Layer];
            IReadOnlyList<int?[]> inputShapes = [];
            int[] inputSlots = [];
            if (layer.IsInputLayer)
            {
                if (!inputKeys.Contains((layer.Name, 0)))
                {
                    throw new ModelFormatException(architectureFile, $"input layer '{layer.Name}' is used but is not one of the model's input_layers");
                }
            }
            else
            {
                var call = layer.Calls[node.Call];
                inputSlots = [.. call.Inputs.Select(r => slots[(r.LayerName, r.NodeIndex)])];
                inputShapes = [.. inputSlots.Select(s => slotShapes[s])];
            }

            if (!built.TryGetValue(layer.Name, out var entry))
            {
                var context = new LayerBuildContext(layer.Name, layer.ClassName, layer.Config, inputShapes,
                    weightsByLayer.GetValueOrDefault(layer.Name) ?? [], weights.FileName)
                { KerasMajorVersion = kerasMajor, ArchitectureFile = architectureFile };
                entry = (Create(factories[layer.Name], context), inputShapes);
                built[layer.Name] = entry;
            }
            else if (!SameShapes(entry.InputShapes, inputShapes))
            {
                throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}) is called on inputs of different shapes ({Describe(entry.InputShapes)} and {Describe(inputShapes)}), which is not supported");
            }

            if (ActivationLimit.Values(entry.Layer.OutputShape) is { } values && values > maxActivationValues)
            {
                throw new ModelFormatException(architectureFile,
                    $"layer '{layer.Name}' ({layer.ClassName}) outputs {Describe([entry.Layer.OutputShape])} per text: {ActivationLimit.Describe(values, maxActivationValues)}");
            }

            var slot = slotShapes.Count;
            slots[node] = slot;
            slotShapes.Add(entry.Layer.OutputShape);
            if (!layer.IsInputLayer)
            {
                steps.Add(new NetworkStep(entry.Layer.Layer, inputSlots, slot));
            }
        }

        // A nested model is summarised by its layers ('<model>/<layer>'); its own entry only passes its output on.
        var summaries = architecture.Layers.Where(l => built.ContainsKey(l.Name) && factories[l.Name] is not NestedModelFactory)
            .Select(l => new LayerSummary(l.Name, l.ClassName, built[l.Name].Layer.OutputShape, built[l.Name].Layer.Layer.ParameterCount))
            .ToList();
        var inputs = architecture.Inputs.Select(r => new NetworkEndpoint(r.LayerName, slots[(r.LayerName, 0)], slotShapes[slots[(r.LayerName, 0)]])).ToList();
        var outputs = architecture.Outputs.Select(r => new NetworkEndpoint(r.LayerName, slots[(r.LayerName, r.NodeIndex)], slotShapes[slots[(r.LayerName, r.NodeIndex)]])).ToList();
        return new CompiledNetwork(architecture.Name, steps, slotShapes.Count, inputs, outputs, summaries)
        {
            MaxActivationValues = maxActivationValues,
        };
    }

    private Dictionary<string, ILayerFactory> ResolveFactories(ModelArchitecture architecture, int kerasMajor, string architectureFile)
    {
        ILayerFactory Resolve(ArchitectureLayer layer, string path)
        {
            if (layer.IsNestedModel)
            {
                return new NestedModelFactory(NestedModel.Parse(layer, path, kerasMajor, Resolve, architectureFile), architectureFile);
            }

            if (registry.TryGet(layer.ClassName, out var factory))
            {
                return factory;
            }

            var owner = path.Length > layer.Name.Length ? $" (in nested model '{path[..^(layer.Name.Length + 1)]}')" : string.Empty;
            throw new ModelFormatException(architectureFile, $"layer '{layer.Name}'{owner} has class '{layer.ClassName}', which is not supported");
        }

        return architecture.Layers.ToDictionary(l => l.Name, l => Resolve(l, l.Name), StringComparer.Ordinal);
    }

    private static BuiltLayer Create(ILayerFactory factory, LayerBuildContext context)
    {
        try
        {
            return factory.Create(context);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new ModelFormatException(context.ArchitectureFile, $"layer '{context.Name}' ({context.ClassName}): {ex.Message}", ex);
        }
    }

    private static bool SameShapes(IReadOnlyList<int?[]> a, IReadOnlyList<int?[]> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.SequenceEqual(p.Second));

    private static string Describe(IReadOnlyList<int?[]> shapes) => string.Join(" ", shapes.Select(Shapes.Describe));
}
