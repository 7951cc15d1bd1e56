using Nlp.Infrastructure.Common;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Reads the weights of a Keras HDF5 file (PureHDF, no native HDF5): <c>save_weights()</c> files (root attribute
/// <c>layer_names</c>, per-layer attribute <c>weight_names</c>, datasets at <c>&lt;layer&gt;/&lt;weight name&gt;</c>),
/// <c>model.save()</c> files (the same under <c>model_weights</c>, plus root <c>model_config</c>) and Keras 3
/// <c>.weights.h5</c> files (<c>layers/&lt;key&gt;/vars/0..n</c>). Bounded: files up to <see cref="MaxFileBytes"/>,
/// datasets up to <see cref="MaxDatasetElements"/> values, values no larger than the file holds, and none from other
/// files (<see cref="Hdf5WeightArrays"/>). Every failure, a truncated or corrupt file included, is a
/// <see cref="ModelFormatException"/> naming <c>fileName</c>.
/// </summary>
internal static class Hdf5WeightReader
{
    public const long MaxFileBytes = 2L * 1024 * 1024 * 1024;
    public const long MaxDatasetElements = 500_000_000;
    public const long MaxTotalElements = 500_000_000;

    /// <summary>Reads a weights file; <paramref name="fileName"/> (relative to the model folder) is the name used in errors.</summary>
    public static KerasWeightsFile Read(string path, string fileName)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new ModelFormatException(fileName, "the weights file does not exist");
        }

        if (info.Length > MaxFileBytes)
        {
            throw new ModelFormatException(fileName, $"the weights file is larger than 2 GiB ({info.Length} bytes)");
        }

        return Guard(fileName, path, () =>
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return Read(stream, fileName);
        });
    }

    /// <summary>
    /// Reads weights from a seekable stream (for example <c>model.weights.h5</c> copied out of a Keras 3
    /// <c>.keras</c> archive); the stream stays open.
    /// </summary>
    public static KerasWeightsFile Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("the stream must be seekable", nameof(stream));
        }

        if (stream.Length > MaxFileBytes)
        {
            throw new ModelFormatException(fileName, $"the weights file is larger than 2 GiB ({stream.Length} bytes)");
        }

        return Guard(fileName, null, () =>
        {
            var (lengthSize, baseAddress) = Hdf5Superblock.CheckComplete(stream, fileName);
            Hdf5GlobalHeaps.Check(stream, lengthSize, fileName);
            using var file = H5File.Open(stream, leaveOpen: true);
            return ReadFile(file, new Hdf5ContiguousFloats(stream, baseAddress), stream.Length, fileName);
        });
    }

    private static KerasWeightsFile Guard(string fileName, string? path, Func<KerasWeightsFile> read)
    {
        try
        {
            return read();
        }
        catch (ModelFormatException)
        {
            throw;
        }
        catch (FileNotFoundException ex)
        {
            throw new ModelFormatException(fileName, "the weights file does not exist", ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PureHDF reports damaged files with many exception types (format, end of stream, index, overflow...).
            // Never let the absolute path into the message.
            var message = path is null ? ex.Message : ex.Message.Replace(path, fileName, StringComparison.Ordinal);
            throw new ModelFormatException(fileName, $"'{fileName}' cannot be read as HDF5: {message}", ex);
        }
    }

    private static KerasWeightsFile ReadFile(IH5Group file, Hdf5ContiguousFloats direct, long fileBytes, string fileName)
    {
        var arrays = new Hdf5WeightArrays(fileName, fileBytes, MaxDatasetElements, MaxTotalElements, direct);
        var version = Hdf5StringAttributes.ReadText(file, "keras_version");
        var backend = Hdf5StringAttributes.ReadText(file, "backend");
        if (Hdf5StringAttributes.ReadList(file, "layer_names", fileName) is { } layerNames)
        {
            var layers = KerasLegacyWeights.Read(file, layerNames, arrays, fileName);
            return new KerasWeightsFile(fileName, KerasWeightsLayout.SavedWeights, layers, null, version, backend);
        }

        if (file.LinkExists("model_weights") && file.Get("model_weights") is IH5Group weightsGroup)
        {
            var names = Hdf5StringAttributes.ReadList(weightsGroup, "layer_names", fileName)
                ?? throw new ModelFormatException(fileName, "group 'model_weights' has no 'layer_names' attribute");
            var layers = KerasLegacyWeights.Read(weightsGroup, names, arrays, fileName);
            var config = Hdf5StringAttributes.ReadText(file, "model_config");
            version ??= Hdf5StringAttributes.ReadText(weightsGroup, "keras_version");
            backend ??= Hdf5StringAttributes.ReadText(weightsGroup, "backend");
            return new KerasWeightsFile(fileName, KerasWeightsLayout.FullModel, layers, config, version, backend);
        }

        if (file.LinkExists("layers") && file.Get("layers") is IH5Group layersGroup)
        {
            var layers = Keras3Weights.Read(layersGroup, arrays);
            return new KerasWeightsFile(fileName, KerasWeightsLayout.Keras3, layers, null, version, backend);
        }

        throw new ModelFormatException(fileName, "the file is HDF5 but not Keras weights: it has no 'layer_names' attribute, no 'model_weights' group and no 'layers' group");
    }
}
