using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Nlp.Api.Formatting;

/// <summary>
/// Escapes JSON strings as Python's <c>json.dumps</c> (Flask's <c>jsonify</c>) does by default: every non-ASCII
/// character as a lowercase <c>\uXXXX</c> (surrogate pairs for astral characters), control characters escaped,
/// and <c>&lt; &gt; &amp; '</c> left as they are, so labels such as <c>action &gt; greeting</c> stay readable.
/// </summary>
internal sealed class PythonStyleJsonEncoder : JavaScriptEncoder
{
    public static readonly PythonStyleJsonEncoder Instance = new();

    public override int MaxOutputCharactersPerInputCharacter => 12;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar is < 0x20 or '"' or '\\' or > 0x7E;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var escaped = Escape(unicodeScalar);
        if (escaped.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        for (var i = 0; i < escaped.Length; i++)
        {
            buffer[i] = escaped[i];
        }

        numberOfCharactersWritten = escaped.Length;
        return true;
    }

    private static string Escape(int scalar) => scalar switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\b' => "\\b",
        '\f' => "\\f",
        < 0x10000 => Hex(scalar),
        _ => EscapePair(scalar),
    };

    private static string EscapePair(int scalar)
    {
        Span<char> pair = stackalloc char[2];
        new Rune(scalar).EncodeToUtf16(pair);
        return Hex(pair[0]) + Hex(pair[1]);
    }

    private static string Hex(int codeUnit) => "\\u" + codeUnit.ToString("x4", CultureInfo.InvariantCulture);
}
