using System.Reflection;
using Nlp.Infrastructure.Common;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Where a weight dataset's values come from, checked before they are read. HDF5 lets a dataset take its values from
/// outside the file: a virtual dataset maps other HDF5 files' datasets (by path), external storage reads raw bytes from
/// any file by path (<c>/proc/self/environ</c> as well as a file beside it), and PureHDF follows both. Keras never writes
/// either, so both are refused: a model folder's weights come from its weights file and nothing else.
/// </summary>
internal static class Hdf5DatasetStorage
{
    // PureHDF 2.2 keeps a dataset's external file list in an internal property of its native dataset class and does not
    // expose it. Looked up once; if an update of PureHDF renames it, every dataset is refused (fail closed), so every
    // test that reads weights fails at once.
    private static readonly PropertyInfo? ExternalFileList = typeof(H5File).Assembly
        .GetType("PureHDF.VOL.Native.NativeDataset")
        ?.GetProperty("InternalExternalFileList", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    /// <summary>Throws a <see cref="ModelFormatException"/> unless the dataset's values are stored in its own file.</summary>
    public static void EnsureInFile(IH5Dataset dataset, string fileName, string weightName, string layerName)
    {
        if (dataset.Layout.Class == H5DataLayoutClass.VirtualStorage)
        {
            throw new ModelFormatException(fileName,
                $"weight '{weightName}' of layer '{layerName}' is an HDF5 virtual dataset: its values would come from other files, which is not allowed");
        }

        if (ExternalFileList is null || !ExternalFileList.DeclaringType!.IsInstanceOfType(dataset))
        {
            throw new ModelFormatException(fileName,
                $"weight '{weightName}' of layer '{layerName}' cannot be checked for external storage (the HDF5 reader's internals changed)");
        }

        if (ExternalFileList.GetValue(dataset) is not null)
        {
            throw new ModelFormatException(fileName,
                $"weight '{weightName}' of layer '{layerName}' uses HDF5 external storage: its values would be read from other files, which is not allowed");
        }
    }
}
