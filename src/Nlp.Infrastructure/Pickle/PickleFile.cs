using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Reads a model-folder pickle (or label file) into memory, refusing files above <see cref="RestrictedUnpickler.MaxPickleBytes"/> before reading them.</summary>
internal static class PickleFile
{
    /// <param name="path">The file on disk.</param>
    /// <param name="fileName">Its name relative to the model folder, for errors.</param>
    public static byte[] ReadAllBytes(string path, string fileName)
    {
        var length = new FileInfo(path).Length;
        if (length > RestrictedUnpickler.MaxPickleBytes)
        {
            throw new ModelFormatException(fileName,
                $"the file is {length} bytes; pickles and label files larger than {RestrictedUnpickler.MaxPickleBytes} bytes are refused");
        }

        return File.ReadAllBytes(path);
    }
}
