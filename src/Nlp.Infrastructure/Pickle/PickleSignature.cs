using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Cheap checks before unpickling: size limit, and a clear error for files that are not pickles at all.</summary>
internal static class PickleSignature
{
    // Opcodes a protocol 0/1 pickle can start with; protocol 2+ starts with PROTO (0x80).
    private const string Protocol0And1Starts = "(]})cNIJKLMFGSTUVXBCldt";

    public static void EnsureLooksLikePickle(byte[] data, string fileName)
    {
        if (data.Length == 0)
        {
            throw new ModelFormatException(fileName, "the file is empty, not a pickle");
        }

        if (data.Length > RestrictedUnpickler.MaxPickleBytes)
        {
            throw new ModelFormatException(fileName,
                $"the pickle is {data.Length} bytes; pickles larger than {RestrictedUnpickler.MaxPickleBytes} bytes are refused");
        }

        if (CompressionName(data) is { } compression)
        {
            throw new ModelFormatException(fileName,
                $"the file is {compression}-compressed (joblib.dump with compress=...); save it uncompressed (compress=0) or with pickle.dump");
        }

        var first = data[0];
        if (first != PickleOpcode.Proto && !Protocol0And1Starts.Contains((char)first, StringComparison.Ordinal))
        {
            var shown = first is >= 0x20 and < 0x7f ? $" ('{(char)first}')" : string.Empty;
            throw new ModelFormatException(fileName, $"not a pickle: the file starts with byte 0x{first:x2}{shown}");
        }
    }

    private static string? CompressionName(ReadOnlySpan<byte> data) => data switch
    {
        [0x1f, 0x8b, ..] => "gzip",
        [0x78, 0x01 or 0x5e or 0x9c or 0xda, ..] => "zlib",
        [(byte)'B', (byte)'Z', (byte)'h', ..] => "bz2",
        [0xfd, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => "xz",
        [0x5d, 0x00, 0x00, ..] => "lzma",
        [0x04, 0x22, 0x4d, 0x18, ..] => "lz4",
        _ => null,
    };
}
