using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// The <c>layer_names</c>/<c>weight_names</c> structure that Keras 2, tf.keras and Keras 3's legacy <c>.h5</c> writer
/// share: one group per layer, in <c>layer_names</c> order; each weight at <c>group[weight_name]</c>
/// (<c>dense_1/kernel:0</c>, <c>sequential/dense/kernel</c>: slashes make nested groups).
/// </summary>
internal static class KerasLegacyWeights
{
    public static List<LayerWeights> Read(IH5Group root, IReadOnlyList<string> layerNames, Hdf5WeightArrays arrays, string fileName)
    {
        var layers = new List<LayerWeights>(layerNames.Count);
        foreach (var layerName in layerNames)
        {
            if (!root.LinkExists(layerName) || root.Get(layerName) is not IH5Group group)
            {
                throw new ModelFormatException(fileName, $"layer '{layerName}' is listed in layer_names but has no group in the file");
            }

            var weightNames = Hdf5StringAttributes.ReadList(group, "weight_names", fileName) ?? [];
            var weights = new List<WeightArray>(weightNames.Count);
            foreach (var weightName in weightNames)
            {
                if (!root.LinkExists(layerName + "/" + weightName) || group.Get(weightName) is not IH5Dataset dataset)
                {
                    throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' is listed in weight_names but is not in the file");
                }

                weights.Add(arrays.Read(dataset, weightName, layerName));
            }

            layers.Add(new LayerWeights(layerName, weights));
        }

        return layers;
    }
}
