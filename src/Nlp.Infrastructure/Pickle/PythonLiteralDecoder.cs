using System.Globalization;
using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// The two text encodings of protocol 0: the quoted <c>repr</c> of a Python 2 <c>str</c> (STRING, decoded like
/// <c>codecs.escape_decode</c>) and <c>raw-unicode-escape</c> (UNICODE), as CPython decodes them.
/// </summary>
internal static class PythonLiteralDecoder
{
    public static byte[] DecodeQuotedString(ReadOnlySpan<byte> line, Func<string, Exception> fail)
    {
        if (line.Length < 2 || line[0] != line[^1] || (line[0] != (byte)'\'' && line[0] != (byte)'"'))
        {
            throw fail("the STRING opcode argument must be quoted");
        }

        var body = line[1..^1];
        var result = new List<byte>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            if (b != (byte)'\\' || i + 1 >= body.Length)
            {
                result.Add(b);
                continue;
            }

            var next = body[++i];
            switch ((char)next)
            {
                case '\n': break;
                case '\\' or '\'' or '"': result.Add(next); break;
                case 'a': result.Add(7); break;
                case 'b': result.Add(8); break;
                case 'f': result.Add(12); break;
                case 'n': result.Add(10); break;
                case 'r': result.Add(13); break;
                case 't': result.Add(9); break;
                case 'v': result.Add(11); break;
                case >= '0' and <= '7':
                    var octal = next - '0';
                    for (var k = 0; k < 2 && i + 1 < body.Length && body[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        octal = (octal * 8) + (body[++i] - '0');
                    }

                    result.Add((byte)octal);
                    break;
                case 'x' when i + 2 < body.Length && IsHex(body[i + 1]) && IsHex(body[i + 2]):
                    result.Add((byte)((HexValue(body[i + 1]) * 16) + HexValue(body[i + 2])));
                    i += 2;
                    break;
                case 'x': throw fail("invalid \\x escape in a STRING opcode");
                default:
                    result.Add((byte)'\\');
                    result.Add(next);
                    break;
            }
        }

        return [.. result];
    }

    public static string DecodeRawUnicodeEscape(ReadOnlySpan<byte> line, Func<string, Exception> fail)
    {
        var builder = new StringBuilder(line.Length);
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] != (byte)'\\')
            {
                builder.Append((char)line[i++]);
                continue;
            }

            var start = i;
            while (i < line.Length && line[i] == (byte)'\\')
            {
                builder.Append('\\');
                i++;
            }

            // \u and \U are escapes only after an odd number of backslashes.
            if (((i - start) & 1) == 0 || i >= line.Length || (line[i] != (byte)'u' && line[i] != (byte)'U'))
            {
                continue;
            }

            builder.Length--;
            var digits = line[i] == (byte)'u' ? 4 : 8;
            i++;
            if (i + digits > line.Length ||
                !int.TryParse(Encoding.ASCII.GetString(line.Slice(i, digits)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var codePoint) ||
                (uint)codePoint > 0x10FFFF)
            {
                throw fail("invalid \\u escape in a UNICODE opcode");
            }

            // Python strings may hold lone surrogates; they are kept as UTF-16 code units.
            _ = codePoint <= 0xFFFF ? builder.Append((char)codePoint) : builder.Append(char.ConvertFromUtf32(codePoint));
            i += digits;
        }

        return builder.ToString();
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => int.Parse(((char)b).ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
}
