using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// Replaces every nested model of a graph by its own layers, named <c>&lt;nested&gt;/&lt;layer&gt;</c>, so that one builder
/// runs everything: call <c>c</c> of the nested model becomes call <c>c</c> of each of its layers (a nested model called
/// twice shares its layers, hence its weights, as in Keras), its inputs are the tensors the nested model was called
/// on, and the nested model's own entry stays as a pass-through on its output, under its own name. Masks then travel
/// in and out of the nested model as Keras propagates them. Nested models inside nested models are inlined first.
/// </summary>
internal static class NestedModelInliner
{
    public static (ModelArchitecture Architecture, Dictionary<string, ILayerFactory> Factories) Inline(
        ModelArchitecture architecture, IReadOnlyDictionary<string, ILayerFactory> factories, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(factories);
        var layers = new List<ArchitectureLayer>(architecture.Layers.Count);
        var inlinedFactories = new Dictionary<string, ILayerFactory>(StringComparer.Ordinal);
        void Add(ArchitectureLayer layer, ILayerFactory factory)
        {
            if (!inlinedFactories.TryAdd(layer.Name, factory))
            {
                throw new ModelFormatException(architectureFile, $"two layers are named '{layer.Name}' once the nested models' layers are named '<model>/<layer>'");
            }

            layers.Add(layer);
        }

        foreach (var layer in architecture.Layers)
        {
            if (factories[layer.Name] is not NestedModelFactory nested)
            {
                Add(layer, factories[layer.Name]);
                continue;
            }

            var model = nested.Model;
            var (inner, innerFactories) = Inline(model.Architecture, model.Factories, architectureFile);
            if (inner.Outputs.Count != 1)
            {
                throw new ModelFormatException(architectureFile, $"{model.Description} has {inner.Outputs.Count} outputs; only nested models with one output are supported");
            }

            var splice = new CallSplice(layer, model, inner, architectureFile);
            foreach (var innerLayer in inner.Layers.Where(l => !l.IsInputLayer))
            {
                Add(innerLayer with { Name = splice.Prefix + innerLayer.Name, Calls = splice.CallsOf(innerLayer) }, innerFactories[innerLayer.Name]);
            }

            Add(layer with { Calls = splice.OutputCalls() }, nested);
        }

        return (architecture with { Layers = layers }, inlinedFactories);
    }

    /// <summary>Maps the tensors of a nested model's graph to the outer graph, for each call of the nested model.</summary>
    private sealed class CallSplice(ArchitectureLayer outer, NestedModel model, ModelArchitecture inner, string architectureFile)
    {
        private readonly Dictionary<string, int> callCounts = inner.Layers.ToDictionary(l => l.Name, l => l.IsInputLayer ? 1 : l.Calls.Count, StringComparer.Ordinal);

        private readonly HashSet<string> inputLayers = [.. inner.Layers.Where(l => l.IsInputLayer).Select(l => l.Name)];

        private readonly Dictionary<string, int> inputIndex = inner.Inputs
            .Select((reference, index) => (reference.LayerName, index))
            .ToDictionary(p => p.LayerName, p => p.index, StringComparer.Ordinal);

        public string Prefix { get; } = outer.Name + "/";

        /// <summary>Each of the inner layer's calls, once per call of the nested model.</summary>
        public List<LayerCall> CallsOf(ArchitectureLayer innerLayer)
        {
            var calls = new List<LayerCall>(outer.Calls.Count * innerLayer.Calls.Count);
            for (var c = 0; c < outer.Calls.Count; c++)
            {
                foreach (var call in innerLayer.Calls)
                {
                    calls.Add(new LayerCall([.. call.Inputs.Select(r => Map(r, c))], call.Arguments));
                }
            }

            return calls;
        }

        /// <summary>The nested model's entry, now called on the model's output: one call per call of the model.</summary>
        public List<LayerCall> OutputCalls() =>
            [.. outer.Calls.Select((call, c) => new LayerCall([Map(inner.Outputs[0], c)], call.Arguments))];

        private TensorReference Map(TensorReference reference, int call)
        {
            if (inputIndex.TryGetValue(reference.LayerName, out var index))
            {
                var given = outer.Calls[call].Inputs;
                return given.Count == inner.Inputs.Count ? given[index]
                    : throw new ModelFormatException(architectureFile, $"{model.Description} takes {inner.Inputs.Count} input(s) but call {call} passes {given.Count}");
            }

            if (!callCounts.TryGetValue(reference.LayerName, out var count) || inputLayers.Contains(reference.LayerName))
            {
                throw new ModelFormatException(architectureFile, $"{model.Description} uses '{reference.LayerName}', which is not one of its layers or inputs");
            }

            return new TensorReference(Prefix + reference.LayerName, (call * count) + reference.NodeIndex, reference.TensorIndex);
        }
    }
}
