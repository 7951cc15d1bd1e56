using System.Buffers.Binary;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Checks an HDF5 file's superblock before it is parsed: the signature (at 0, 512, 1024, ... as the format allows)
/// and the end-of-file address it records against the real length, as libhdf5 does ("truncated file"). A file cut
/// short by a failed copy or upload is then reported as such rather than by whatever a later read trips over.
/// </summary>
internal static class Hdf5Superblock
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Checks a seekable stream from its start and returns the superblock's "size of lengths" in bytes (2, 4 or 8) and
    /// its base address (where the file's addresses count from: 0, or the superblock's offset after a user block);
    /// leaves the stream's position at 0.
    /// </summary>
    public static (int LengthSize, long BaseAddress) CheckComplete(Stream stream, string fileName)
    {
        try
        {
            return Check(stream, fileName);
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static (int LengthSize, long BaseAddress) Check(Stream stream, string fileName)
    {
        var length = stream.Length;
        Span<byte> header = stackalloc byte[64];
        for (long offset = 0; offset + Signature.Length <= length; offset = offset == 0 ? 512 : offset * 2)
        {
            stream.Position = offset;
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (read < Signature.Length || !header[..Signature.Length].SequenceEqual(Signature))
            {
                continue;
            }

            var version = header[8];
            var (offsetSize, lengthSize, baseAt) = version switch
            {
                0 => (header[13], header[14], 24),
                1 => (header[13], header[14], 28),
                2 or 3 => (header[9], header[10], 12),
                _ => throw new ModelFormatException(fileName, $"'{fileName}' cannot be read as HDF5: superblock version {version} is not supported"),
            };
            if (offsetSize is not (4 or 8) || read < baseAt + (3 * offsetSize))
            {
                throw Truncated(fileName, "its superblock is incomplete");
            }

            if (lengthSize is not (2 or 4 or 8))
            {
                throw new ModelFormatException(fileName, $"'{fileName}' cannot be read as HDF5: a size of lengths of {lengthSize} bytes is not supported");
            }

            var baseAddress = ReadAddress(header, baseAt, offsetSize);
            var endOfFile = ReadAddress(header, baseAt + (2 * offsetSize), offsetSize);
            if (baseAddress + endOfFile > (ulong)length)
            {
                throw Truncated(fileName, $"it should be {baseAddress + endOfFile} bytes long but has {length}");
            }

            return (lengthSize, (long)baseAddress);
        }

        throw new ModelFormatException(fileName, $"'{fileName}' cannot be read as HDF5: it has no HDF5 signature");
    }

    private static ulong ReadAddress(ReadOnlySpan<byte> header, int at, int size) =>
        size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(header[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(header[at..]);

    private static ModelFormatException Truncated(string fileName, string detail) =>
        new(fileName, $"'{fileName}' cannot be read as HDF5: the file is truncated ({detail})");
}
