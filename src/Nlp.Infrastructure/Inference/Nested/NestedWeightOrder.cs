using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Nested;

/// <summary>
/// Where each weight of a nested model sits in Keras 2's saved list: the model's trainable weights (each inner
/// layer's, in <c>model.layers</c> order, recursively through models nested deeper) then its non-trainable ones.
/// A slot names the leaf layer (its path below the nested model), its class and the weight's index in that
/// layer's own list (trainable weights first, as <c>layer.weights</c> orders them).
/// </summary>
internal static class NestedWeightOrder
{
    public static (List<Slot> Trainable, List<Slot> NonTrainable) Slots(NestedModel model, string prefix, string architectureFile)
    {
        ArgumentNullException.ThrowIfNull(model);
        var trainable = new List<Slot>();
        var nonTrainable = new List<Slot>();
        foreach (var layer in model.Architecture.Layers.Where(l => !l.IsInputLayer && model.InnerHasWeights(l, architectureFile)))
        {
            if (model.Factories[layer.Name] is NestedModelFactory nested)
            {
                var (t, n) = Slots(nested.Model, prefix + layer.Name + "/", architectureFile);
                if (IsFrozen(model, layer, architectureFile))
                {
                    n.InsertRange(0, t);
                    t.Clear();
                }

                trainable.AddRange(t);
                nonTrainable.AddRange(n);
                continue;
            }

            var (trainableCount, nonTrainableCount) = Counts(model, layer, architectureFile);
            var leaf = prefix + layer.Name;
            trainable.AddRange(Enumerable.Range(0, trainableCount).Select(i => new Slot(leaf, layer.ClassName, i)));
            nonTrainable.AddRange(Enumerable.Range(trainableCount, nonTrainableCount).Select(i => new Slot(leaf, layer.ClassName, i)));
        }

        return (trainable, nonTrainable);
    }

    private static (int, int) Counts(NestedModel model, ArchitectureLayer layer, string architectureFile)
    {
        try
        {
            return KerasWeightCounts.Of(layer.ClassName, layer.Config)
                ?? throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}) of {model.Description}: the number of weights of class '{layer.ClassName}' is not known, so the model's saved weights cannot be split among its layers");
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}) of {model.Description}: {ex.Message}", ex);
        }
    }

    private static bool IsFrozen(NestedModel model, ArchitectureLayer layer, string architectureFile)
    {
        try
        {
            return !layer.Config.GetBool("trainable", true);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(architectureFile, $"layer '{layer.Name}' ({layer.ClassName}) of {model.Description}: {ex.Message}", ex);
        }
    }

    internal sealed record Slot(string Leaf, string ClassName, int Index);
}
