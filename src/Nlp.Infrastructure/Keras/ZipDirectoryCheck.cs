using System.Buffers.Binary;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Reads a zip file's end-of-central-directory record before the archive is opened, so that a hostile file is
/// refused before <c>ZipArchive</c> builds an object per central-directory entry: at most
/// <paramref name="maxEntries"/> entries and a central directory of at most <see cref="MaxDirectoryBytes"/>.
/// ZIP64 archives (needed only past 4 GiB or 65,535 entries) are refused.
/// </summary>
internal static class ZipDirectoryCheck
{
    public const int MaxDirectoryBytes = 1024 * 1024;
    private const uint EndSignature = 0x06054b50;
    private const int EndRecordLength = 22;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>Checks a seekable stream; leaves its position at 0.</summary>
    public static void Check(Stream stream, string fileName, int maxEntries)
    {
        var tailLength = (int)Math.Min(stream.Length, EndRecordLength + MaxCommentLength);
        var tail = new byte[tailLength];
        stream.Position = stream.Length - tailLength;
        stream.ReadExactly(tail);
        stream.Position = 0;

        for (var at = tailLength - EndRecordLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            var record = tail.AsSpan(at, EndRecordLength);
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
            var directoryBytes = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
            if (entries == ushort.MaxValue || directoryBytes == uint.MaxValue)
            {
                throw new ModelFormatException(fileName, "the archive is a ZIP64 archive, which a Keras model archive never needs; it is refused.");
            }

            if (entries > maxEntries)
            {
                throw new ModelFormatException(fileName, $"the archive has {entries} entries; a Keras archive has 3 and at most {maxEntries} are read.");
            }

            if (directoryBytes > MaxDirectoryBytes)
            {
                throw new ModelFormatException(fileName, $"the archive's central directory is {directoryBytes} bytes; the limit is {MaxDirectoryBytes}.");
            }

            return;
        }

        throw new ModelFormatException(fileName, "the file is not a zip archive (no end-of-central-directory record); a .keras file is the zip written by Keras 3 model.save().");
    }
}
