using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// One element of a numpy array (or a <c>numpy.core.multiarray.scalar</c>) as a Python scalar: <c>U</c> →
/// string (UTF-32, trailing NULs stripped, as numpy does), <c>S</c> → bytes (trailing NULs stripped),
/// <c>i</c>/<c>u</c> → long (or BigInteger), <c>f</c> → Half/float/double, <c>b</c> → bool.
/// </summary>
internal static class NumpyElementDecoder
{
    public static object? Decode(ReadOnlySpan<byte> element, NumpyDtype dtype, Func<string, Exception> fail)
    {
        var big = dtype.BigEndian;
        return (dtype.Kind, element.Length) switch
        {
            ('b', 1) => element[0] != 0,
            ('i', 1) => (long)(sbyte)element[0],
            ('i', 2) => (long)(big ? BinaryPrimitives.ReadInt16BigEndian(element) : BinaryPrimitives.ReadInt16LittleEndian(element)),
            ('i', 4) => (long)(big ? BinaryPrimitives.ReadInt32BigEndian(element) : BinaryPrimitives.ReadInt32LittleEndian(element)),
            ('i', 8) => big ? BinaryPrimitives.ReadInt64BigEndian(element) : BinaryPrimitives.ReadInt64LittleEndian(element),
            ('u', 1) => (long)element[0],
            ('u', 2) => (long)(big ? BinaryPrimitives.ReadUInt16BigEndian(element) : BinaryPrimitives.ReadUInt16LittleEndian(element)),
            ('u', 4) => (long)(big ? BinaryPrimitives.ReadUInt32BigEndian(element) : BinaryPrimitives.ReadUInt32LittleEndian(element)),
            ('u', 8) => UInt64Value(big ? BinaryPrimitives.ReadUInt64BigEndian(element) : BinaryPrimitives.ReadUInt64LittleEndian(element)),
            ('f', 2) => big ? BinaryPrimitives.ReadHalfBigEndian(element) : BinaryPrimitives.ReadHalfLittleEndian(element),
            ('f', 4) => big ? BinaryPrimitives.ReadSingleBigEndian(element) : BinaryPrimitives.ReadSingleLittleEndian(element),
            ('f', 8) => big ? BinaryPrimitives.ReadDoubleBigEndian(element) : BinaryPrimitives.ReadDoubleLittleEndian(element),
            ('U', _) when element.Length % 4 == 0 => DecodeUtf32(element, big, fail),
            ('S', _) => element[..(element.LastIndexOfAnyExcept((byte)0) + 1)].ToArray(),
            _ => throw fail($"numpy values of dtype '{dtype}' are not supported"),
        };
    }

    /// <summary><c>numpy.core.multiarray.scalar(dtype, data)</c>: a numpy scalar as a Python value.</summary>
    public static object? Scalar(object?[] args, Func<string, Exception> fail)
    {
        if (args.Length is < 1 or > 2 || args[0] is not NumpyDtype dtype)
        {
            throw fail("numpy scalar needs (dtype, data)");
        }

        var data = args.Length == 2 ? args[1] : null;
        if (dtype.Kind == 'O')
        {
            return data;
        }

        var bytes = data switch
        {
            byte[] raw => raw,
            string text when text.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(text),
            _ => throw fail($"numpy scalar data must be bytes, found {PythonTypeNames.Of(data)}"),
        };
        return bytes.Length == dtype.ItemSize
            ? Decode(bytes, dtype, fail)
            : throw fail($"numpy scalar of dtype '{dtype}' has {bytes.Length} bytes");
    }

    private static object UInt64Value(ulong value) => value <= long.MaxValue ? (long)value : new BigInteger(value);

    private static string DecodeUtf32(ReadOnlySpan<byte> element, bool bigEndian, Func<string, Exception> fail)
    {
        var builder = new StringBuilder(element.Length / 4);
        var length = element.Length / 4;
        while (length > 0 && ReadCodePoint(element, length - 1, bigEndian) == 0)
        {
            length--;
        }

        for (var i = 0; i < length; i++)
        {
            var codePoint = ReadCodePoint(element, i, bigEndian);
            if (codePoint > 0x10FFFF)
            {
                throw fail($"numpy unicode data holds an invalid code point 0x{codePoint:x}");
            }

            _ = codePoint <= 0xFFFF ? builder.Append((char)codePoint) : builder.Append(char.ConvertFromUtf32((int)codePoint));
        }

        return builder.ToString();
    }

    private static uint ReadCodePoint(ReadOnlySpan<byte> element, int index, bool bigEndian)
    {
        var unit = element.Slice(index * 4, 4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(unit) : BinaryPrimitives.ReadUInt32LittleEndian(unit);
    }
}
