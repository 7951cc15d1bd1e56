using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Reads one weight dataset as float32 (float16 and float64 are converted), checking its size against the
/// per-dataset and per-file budgets.
/// </summary>
internal sealed class Hdf5WeightArrays(string fileName, long maxDatasetElements, long maxTotalElements)
{
    private long total;

    public WeightArray Read(IH5Dataset dataset, string weightName, string layerName)
    {
        var dimensions = dataset.Space.Type == H5DataspaceType.Null ? [0UL] : dataset.Space.Dimensions;
        var shape = new int[dimensions.Length];
        long count = 1;
        for (var i = 0; i < dimensions.Length; i++)
        {
            if (dimensions[i] > (ulong)maxDatasetElements)
            {
                throw TooLarge(weightName, layerName);
            }

            shape[i] = (int)dimensions[i];
            count *= shape[i];
            if (count > maxDatasetElements)
            {
                throw TooLarge(weightName, layerName);
            }
        }

        total += count;
        if (total > maxTotalElements)
        {
            throw new ModelFormatException(fileName, $"the weights hold more than {maxTotalElements} values in all");
        }

        if (dataset.Type.Class != H5DataTypeClass.FloatingPoint)
        {
            throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' is stored as {dataset.Type.Class} data; only float16, float32 and float64 weights are supported");
        }

        var values = count == 0 ? [] : dataset.Type.Size switch
        {
            4 => dataset.Read<float[]>(),
            2 => Array.ConvertAll(dataset.Read<Half[]>(), h => (float)h),
            8 => Array.ConvertAll(dataset.Read<double[]>(), d => (float)d),
            _ => throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' is a {dataset.Type.Size * 8}-bit float; only float16, float32 and float64 weights are supported"),
        };

        if (values.Length != count)
        {
            throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' holds {values.Length} values, not the {count} of its shape");
        }

        return new WeightArray(weightName, shape, values);
    }

    private ModelFormatException TooLarge(string weightName, string layerName) =>
        new(fileName, $"weight '{weightName}' of layer '{layerName}' has more than {maxDatasetElements} values");
}
