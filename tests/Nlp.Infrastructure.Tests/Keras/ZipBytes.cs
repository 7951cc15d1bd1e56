using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Nlp.Infrastructure.Tests.Keras;

/// <summary>Builds zip archives in memory and edits their headers, to make damaged and hostile archives.</summary>
internal static class ZipBytes
{
    public static byte[] Create(IEnumerable<(string Name, byte[] Data)> entries, CompressionLevel level = CompressionLevel.NoCompression)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var entry = archive.CreateEntry(name, level).Open();
                entry.Write(data);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Rewrites the uncompressed size an entry declares, in its local header and in the central directory.</summary>
    public static byte[] WithDeclaredSize(byte[] zip, string name, uint size)
    {
        var copy = (byte[])zip.Clone();
        var found = 0;
        for (var at = 0; at + 46 <= copy.Length; at++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(at));
            if (signature == 0x04034b50 && NameAt(copy, at + 30, BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 26))) == name)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 22), size);
                found++;
            }
            else if (signature == 0x02014b50 && NameAt(copy, at + 46, BinaryPrimitives.ReadUInt16LittleEndian(copy.AsSpan(at + 28))) == name)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at + 24), size);
                found++;
            }
        }

        return found == 2 ? copy : throw new InvalidOperationException($"entry {name} found {found} times");
    }

    private static string NameAt(byte[] zip, int at, int length) =>
        at + length <= zip.Length ? Encoding.UTF8.GetString(zip, at, length) : string.Empty;
}
