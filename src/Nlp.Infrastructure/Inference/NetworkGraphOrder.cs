using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Execution order of a model graph: the layer calls (layer name, call index) that the outputs depend on, each
/// after its inputs, found by an iterative depth-first search (no recursion, cycles reported). Model inputs are
/// always included, used or not.
/// </summary>
internal static class NetworkGraphOrder
{
    public static List<(string Layer, int Call)> Sort(
        ModelArchitecture architecture, IReadOnlyDictionary<string, ArchitectureLayer> layers, string architectureFile)
    {
        var order = new List<(string, int)>();
        var state = new Dictionary<(string, int), bool>(); // false: on the current path; true: done
        var stack = new Stack<((string Layer, int Call) Node, bool Expanded)>();
        foreach (var root in architecture.Outputs.Reverse().Concat(architecture.Inputs.Reverse()))
        {
            stack.Push(((root.LayerName, root.NodeIndex), false));
        }

        while (stack.TryPop(out var item))
        {
            var (node, expanded) = item;
            if (expanded)
            {
                state[node] = true;
                order.Add(node);
                continue;
            }

            if (state.TryGetValue(node, out var done))
            {
                if (done)
                {
                    continue;
                }

                throw Cycle(node.Layer, architectureFile);
            }

            state[node] = false;
            stack.Push((node, true));
            var layer = layers[node.Layer];
            if (layer.IsInputLayer)
            {
                continue;
            }

            var inputs = layer.Calls[node.Call].Inputs;
            if (inputs.Count == 0)
            {
                throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}) is called on no tensors");
            }

            for (var i = inputs.Count - 1; i >= 0; i--)
            {
                var child = (inputs[i].LayerName, inputs[i].NodeIndex);
                if (state.TryGetValue(child, out var childDone))
                {
                    if (!childDone)
                    {
                        throw Cycle(child.LayerName, architectureFile);
                    }

                    continue;
                }

                stack.Push((child, false));
            }
        }

        return order;
    }

    private static ModelFormatException Cycle(string layer, string architectureFile) =>
        new(architectureFile, $"the model graph has a cycle through layer '{layer}'");
}
