using System.Globalization;
using System.Numerics;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// Python's <c>str(x)</c> for the scalar labels a LabelEncoder can hold: str as is, ints in decimal, bools as
/// <c>True</c>/<c>False</c>, floats in <c>repr</c> style (shortest round-trip digits, scientific notation below
/// 1e-4 and from 1e16, <c>.0</c> on integral values; numpy float32/float16 use their own shortest digits).
/// </summary>
internal static class PythonValueText
{
    public static bool TryFormat(object? value, out string text)
    {
        text = value switch
        {
            string s => s,
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            BigInteger big => big.ToString(CultureInfo.InvariantCulture),
            double d => FormatFloat(d, d.ToString("R", CultureInfo.InvariantCulture)),
            float f => FormatFloat(f, f.ToString("R", CultureInfo.InvariantCulture)),
            Half h => FormatFloat((double)h, h.ToString(CultureInfo.InvariantCulture)),
            _ => null!,
        };
        return text is not null;
    }

    /// <summary>Re-formats .NET's shortest round-trip string (e.g. <c>1E-05</c>, <c>123.5</c>) the way Python's repr does.</summary>
    private static string FormatFloat(double value, string shortest)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var exponentAt = body.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(body[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? body : body[..exponentAt];
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;

        // Normalise: no leading zeros (keep one digit for zero), no trailing zeros.
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointPosition -= leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0.0" : "0.0";
        }

        var sign = negative ? "-" : string.Empty;
        if (pointPosition is > -4 and <= 16)
        {
            if (pointPosition <= 0)
            {
                return $"{sign}0.{new string('0', -pointPosition)}{digits}";
            }

            return pointPosition >= digits.Length
                ? $"{sign}{digits}{new string('0', pointPosition - digits.Length)}.0"
                : $"{sign}{digits[..pointPosition]}.{digits[pointPosition..]}";
        }

        var mantissaText = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
        var e = pointPosition - 1;
        return $"{sign}{mantissaText}e{(e < 0 ? "-" : "+")}{Math.Abs(e):00}";
    }
}
