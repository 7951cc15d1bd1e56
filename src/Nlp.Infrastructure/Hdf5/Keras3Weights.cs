using Nlp.Infrastructure.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Keras 3 <c>.weights.h5</c>: <c>layers/&lt;key&gt;</c> per top-level layer, where the key is derived from the class
/// (<c>dense</c>, <c>dense_1</c>, <c>input_layer</c>), a layer's own variables in <c>vars/0..n</c> and those of
/// sub-objects in sub-groups (<c>lstm/cell/vars</c>). A layer's weights are its own variables, then its sub-groups'
/// in name order, except that <c>forward_layer</c> comes before <c>backward_layer</c> (the order of
/// <c>Bidirectional.get_weights()</c>). Weight names are the paths below the layer key (<c>cell/vars/0</c>; for a
/// nested model <c>layers/lstm/cell/vars/0</c>, which the nested-model splitter reads by its inner keys).
/// </summary>
internal static class Keras3Weights
{
    private const string VarsGroup = "vars";

    public static List<LayerWeights> Read(IH5Group layersGroup, Hdf5WeightArrays arrays)
    {
        var layers = new List<LayerWeights>();
        foreach (var child in layersGroup.Children().OfType<IH5Group>().OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            var key = child.Name;
            var weights = new List<WeightArray>();
            var pending = new Stack<(IH5Group Group, string Path)>();
            pending.Push((child, string.Empty));
            while (pending.TryPop(out var item))
            {
                var subgroups = item.Group.Children().OfType<IH5Group>().ToList();
                if (subgroups.FirstOrDefault(g => g.Name == VarsGroup) is { } vars)
                {
                    foreach (var dataset in vars.Children().OfType<IH5Dataset>().OrderBy(d => VarIndex(d.Name)).ThenBy(d => d.Name, StringComparer.Ordinal))
                    {
                        weights.Add(arrays.Read(dataset, item.Path + VarsGroup + "/" + dataset.Name, key));
                    }
                }

                // Pushed in reverse so that they pop in order.
                foreach (var sub in subgroups.Where(g => g.Name != VarsGroup).OrderByDescending(SubgroupOrder).ThenByDescending(g => g.Name, StringComparer.Ordinal))
                {
                    pending.Push((sub, item.Path + sub.Name + "/"));
                }
            }

            layers.Add(new LayerWeights(key, weights));
        }

        return layers;
    }

    private static int SubgroupOrder(IH5Group group) => group.Name switch
    {
        "forward_layer" => 0,
        "backward_layer" => 1,
        _ => 2,
    };

    private static int VarIndex(string name) => int.TryParse(name, out var index) ? index : int.MaxValue;
}
