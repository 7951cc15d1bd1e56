using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Reads one weight dataset as float32 (float16 and float64 are converted), checking its size against the
/// per-dataset and per-file budgets, and that its values are stored in the file itself (<see cref="Hdf5DatasetStorage"/>)
/// and fit in it. A dataset whose storage was never written reads as its fill value, so a file of a few kilobytes can
/// declare gigabytes of values; the values of contiguous and compact datasets (all Keras writes) must fit in the
/// file's <paramref name="fileBytes"/>, those of chunked datasets (compressible) in <see cref="MaxChunkedExpansion"/>
/// times that, summed over the file. Contiguous float32 values (what Keras writes) are read straight
/// from the file when <paramref name="direct"/> can locate them (<see cref="Hdf5ContiguousFloats"/>), all others
/// through PureHDF.
/// </summary>
internal sealed class Hdf5WeightArrays(
    string fileName, long fileBytes, long maxDatasetElements, long maxTotalElements, Hdf5ContiguousFloats? direct = null)
{
    /// <summary>How many times its file's size the values of chunked datasets may take (compressed weights rarely shrink 2x).</summary>
    public const long MaxChunkedExpansion = 8;

    private long total;
    private long storedBytes;
    private long chunkedBytes;

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

        var size = dataset.Type.Size;
        if (size is not (2 or 4 or 8))
        {
            throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' is a {size * 8}-bit float; only float16, float32 and float64 weights are supported");
        }

        Hdf5DatasetStorage.EnsureInFile(dataset, fileName, weightName, layerName);
        CheckFitsInFile(dataset.Layout.Class, count * size, weightName, layerName);

        var values = count == 0 ? [] : size switch
        {
            4 => direct?.TryRead(dataset, count) ?? dataset.Read<float[]>(),
            2 => Array.ConvertAll(dataset.Read<Half[]>(), h => (float)h),
            _ => Array.ConvertAll(dataset.Read<double[]>(), d => (float)d),
        };

        if (values.Length != count)
        {
            throw new ModelFormatException(fileName, $"weight '{weightName}' of layer '{layerName}' holds {values.Length} values, not the {count} of its shape");
        }

        return new WeightArray(weightName, shape, values);
    }

    private void CheckFitsInFile(H5DataLayoutClass layout, long bytes, string weightName, string layerName)
    {
        if (layout == H5DataLayoutClass.Chunked)
        {
            chunkedBytes += bytes;
            if (chunkedBytes > MaxChunkedExpansion * fileBytes)
            {
                throw new ModelFormatException(fileName,
                    $"weight '{weightName}' of layer '{layerName}' brings the values of its chunked datasets to {chunkedBytes} bytes, more than {MaxChunkedExpansion} times the file's {fileBytes} bytes: most of them were never written");
            }

            return;
        }

        storedBytes += bytes;
        if (storedBytes > fileBytes)
        {
            throw new ModelFormatException(fileName,
                $"weight '{weightName}' of layer '{layerName}' brings the values declared so far to {storedBytes} bytes, more than the file's {fileBytes} bytes: its values were never written");
        }
    }

    private ModelFormatException TooLarge(string weightName, string layerName) =>
        new(fileName, $"weight '{weightName}' of layer '{layerName}' has more than {maxDatasetElements} values");
}
