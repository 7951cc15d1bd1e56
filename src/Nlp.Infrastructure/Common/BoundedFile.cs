namespace Nlp.Infrastructure.Common;

/// <summary>Reads small model-folder files with a size limit, so a hostile folder cannot exhaust memory.</summary>
internal static class BoundedFile
{
    public static byte[] ReadBytes(string path, string fileName, long maxBytes)
    {
        var length = new FileInfo(path).Length;
        return length > maxBytes
            ? throw new ModelFormatException(fileName, $"the file is {length} bytes; the limit is {maxBytes}.")
            : File.ReadAllBytes(path);
    }

    public static string ReadText(string path, string fileName, long maxBytes) =>
        System.Text.Encoding.UTF8.GetString(ReadBytes(path, fileName, maxBytes));
}
