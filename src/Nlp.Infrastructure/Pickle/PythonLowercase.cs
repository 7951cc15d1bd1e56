using System.Globalization;
using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// Python's <c>str.lower()</c>. .NET's invariant lowercasing (simple case mapping) agrees with CPython 3.11 on
/// every code point except two rules CPython adds from SpecialCasing.txt, applied here: U+0130 'İ' becomes
/// "i\u0307" (two chars), and U+03A3 'Σ' becomes final 'ς' at the end of a word (Final_Sigma: after a cased
/// letter and not before one, skipping case-ignorable characters). Characters new in Unicode 15/16 follow .NET
/// (as newer Pythons do). Pinned by a test over every code point against CPython's own output.
/// </summary>
internal static class PythonLowercase
{
    private const char CapitalIWithDot = '\u0130';
    private const char CapitalSigma = '\u03a3';

    /// <summary>Chars <see cref="Lower"/> may write for <paramref name="source"/>.</summary>
    public static int MaxLength(ReadOnlySpan<char> source) => source.Length + source.Count(CapitalIWithDot);

    /// <summary>Writes <c>source.lower()</c> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long); returns its length.</summary>
    public static int Lower(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        var start = 0;
        while (true)
        {
            var next = source[start..].IndexOfAny(CapitalIWithDot, CapitalSigma);
            var end = next < 0 ? source.Length : start + next;
            written += source[start..end].ToLowerInvariant(destination[written..]);
            if (next < 0)
            {
                return written;
            }

            if (source[end] == CapitalIWithDot)
            {
                destination[written++] = 'i';
                destination[written++] = '\u0307';
            }
            else
            {
                destination[written++] = IsFinalSigma(source, end) ? '\u03c2' : '\u03c3';
            }

            start = end + 1;
        }
    }

    /// <summary>Convenience for tests and load time: <c>text.lower()</c> as a new string.</summary>
    public static string Lower(string text)
    {
        var buffer = new char[MaxLength(text)];
        return new string(buffer, 0, Lower(text, buffer));
    }

    private static bool IsFinalSigma(ReadOnlySpan<char> text, int index)
    {
        var before = text[..index];
        Rune rune = default;
        var found = false;
        while (!before.IsEmpty)
        {
            _ = Rune.DecodeLastFromUtf16(before, out rune, out var used);
            before = before[..^used];
            if (!IsCaseIgnorable(rune))
            {
                found = true;
                break;
            }
        }

        if (!found || !IsCased(rune))
        {
            return false;
        }

        var after = text[(index + 1)..];
        while (!after.IsEmpty)
        {
            _ = Rune.DecodeFromUtf16(after, out rune, out var used);
            after = after[used..];
            if (!IsCaseIgnorable(rune))
            {
                return !IsCased(rune);
            }
        }

        return true;
    }

    /// <summary>Unicode "Cased" (Lu, Ll, Lt, Other_Lowercase, Other_Uppercase), as CPython's final-sigma rule sees it.</summary>
    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter ||
        rune.Value is 0xaa or 0xba or (>= 0x2160 and <= 0x217f) or (>= 0x24b6 and <= 0x24e9) or
            (>= 0x1f130 and <= 0x1f149) or (>= 0x1f150 and <= 0x1f169) or (>= 0x1f170 and <= 0x1f189);

    /// <summary>Unicode "Case_Ignorable" (Mn, Me, Cf, Lm, Sk and the MidLetter/MidNumLet/Single_Quote characters).</summary>
    private static bool IsCaseIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol ||
        rune.Value is 0x27 or 0x2e or 0x3a or 0xb7 or 0x387 or 0x55f or 0x5f4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xfe13 or 0xfe52 or 0xfe55 or 0xff07 or 0xff0e or 0xff1a;
}
