using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Opcodes that push a scalar: None, bools, ints, floats, strings, bytes.</summary>
internal sealed partial class RestrictedUnpickler
{
    /// <summary>Longest integer accepted (bytes of LONG1/LONG4, digits of INT/LONG): far beyond any real model file.</summary>
    private const int MaxIntegerLength = 1024;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private bool DispatchValue(byte opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.None: Push(null); return true;
            case PickleOpcode.NewTrue: Push(true); return true;
            case PickleOpcode.NewFalse: Push(false); return true;
            case PickleOpcode.Int: Push(ParseTextInt(ReadLine(), allowBool: true)); return true;
            case PickleOpcode.Long: Push(ParseTextInt(TrimLongSuffix(ReadLine()), allowBool: false)); return true;
            case PickleOpcode.BinInt: Push((long)ReadInt32()); return true;
            case PickleOpcode.BinInt1: Push((long)ReadByte()); return true;
            case PickleOpcode.BinInt2: Push((long)ReadUInt16()); return true;
            case PickleOpcode.Long1: Push(ReadLittleEndianInt(ReadByte())); return true;
            case PickleOpcode.Long4: Push(ReadLittleEndianInt(ReadInt32())); return true;
            case PickleOpcode.Float: Push(ParseTextFloat(ReadLine())); return true;
            case PickleOpcode.BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(ReadSpan(8))); return true;
            case PickleOpcode.String: Push(DecodePython2String(PythonLiteralDecoder.DecodeQuotedString(ReadLine(), Fail))); return true;
            case PickleOpcode.BinString: Push(DecodePython2String(ReadSpan(ReadInt32()))); return true;
            case PickleOpcode.ShortBinString: Push(DecodePython2String(ReadSpan(ReadByte()))); return true;
            case PickleOpcode.Unicode: Push(PythonLiteralDecoder.DecodeRawUnicodeEscape(ReadLine(), Fail)); return true;
            case PickleOpcode.BinUnicode: Push(Encoding.UTF8.GetString(ReadSpan(ReadLength(4)))); return true;
            case PickleOpcode.ShortBinUnicode: Push(Encoding.UTF8.GetString(ReadSpan(ReadByte()))); return true;
            case PickleOpcode.BinUnicode8: Push(Encoding.UTF8.GetString(ReadSpan(ReadLength(8)))); return true;
            case PickleOpcode.BinBytes: Push(ReadSpan(ReadLength(4)).ToArray()); return true;
            case PickleOpcode.ShortBinBytes: Push(ReadSpan(ReadByte()).ToArray()); return true;
            case PickleOpcode.BinBytes8 or PickleOpcode.ByteArray8: Push(ReadSpan(ReadLength(8)).ToArray()); return true;
            default: return false;
        }
    }

    /// <summary>
    /// A Python 2 <c>str</c>: decoded as Latin-1, as numpy asks (<c>encoding='latin1'</c>), so byte payloads
    /// (array data) survive unchanged and can be turned back into bytes.
    /// </summary>
    private static string DecodePython2String(ReadOnlySpan<byte> bytes) => Latin1.GetString(bytes);

    private static ReadOnlySpan<byte> TrimLongSuffix(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'L' ? line[..^1] : line;

    private object ParseTextInt(ReadOnlySpan<byte> line, bool allowBool)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        if (allowBool && text is "00" or "01")
        {
            return text == "01";
        }

        if (text.Length > MaxIntegerLength)
        {
            throw Fail($"an integer of {text.Length} digits is too long");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        return BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
            ? big
            : throw Fail($"'{text}' is not an integer");
    }

    private object ReadLittleEndianInt(int length)
    {
        if (length is < 0 or > MaxIntegerLength)
        {
            throw Fail($"an integer of {length} bytes is too long");
        }

        var bytes = ReadSpan(length);
        if (length <= 8)
        {
            long value = 0;
            for (var i = length - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[i];
            }

            // Sign-extend from the top byte (two's complement, as pickle writes it).
            var unused = 64 - (8 * length);
            return length == 0 ? 0L : (value << unused) >> unused;
        }

        var big = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return big >= long.MinValue && big <= long.MaxValue ? (long)big : big;
    }

    private double ParseTextFloat(ReadOnlySpan<byte> line)
    {
        var text = Encoding.ASCII.GetString(line).Trim();
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity" or "+infinity": return double.PositiveInfinity;
            case "-inf" or "-infinity": return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan": return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Fail($"'{text}' is not a float");
    }
}
