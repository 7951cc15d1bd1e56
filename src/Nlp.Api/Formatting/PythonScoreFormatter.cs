using System.Globalization;
using System.Numerics;

namespace Nlp.Api.Formatting;

/// <summary>
/// Writes a score as Python writes <c>str(round(float(x), 2))</c>: the float32 output widened to double, rounded to
/// two decimals half-to-even on its exact binary value (as CPython's correctly rounded <c>round</c> does), then printed
/// with <c>repr</c>'s shortest digits: <c>"0.93"</c>, <c>"0.9"</c>, <c>"1.0"</c>, <c>"0.0"</c>, <c>"1e+16"</c>.
/// </summary>
internal static class PythonScoreFormatter
{
    public static string Format(float score)
    {
        double x = score;
        if (double.IsNaN(x))
        {
            return "nan";
        }

        if (double.IsInfinity(x))
        {
            return x > 0 ? "inf" : "-inf";
        }

        var hundredths = RoundToHundredthsHalfEven(Math.Abs(x));
        var rounded = double.Parse(hundredths.ToString(CultureInfo.InvariantCulture) + "e-2", CultureInfo.InvariantCulture);
        return (double.IsNegative(x) ? "-" : string.Empty) + Repr(rounded);
    }

    /// <summary>round(|x| * 100) computed exactly on the binary value, ties to even.</summary>
    private static BigInteger RoundToHundredthsHalfEven(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        var mantissa = exponentBits == 0 ? fraction : fraction | (1L << 52);
        var exponent = (exponentBits == 0 ? 1 : exponentBits) - 1075;

        var scaled = new BigInteger(mantissa) * 100;
        if (exponent >= 0)
        {
            return scaled << exponent;
        }

        var denominator = BigInteger.One << -exponent;
        var quotient = BigInteger.DivRem(scaled, denominator, out var remainder);
        var twice = remainder * 2;
        return twice > denominator || (twice == denominator && !quotient.IsEven) ? quotient + 1 : quotient;
    }

    /// <summary>Python's <c>repr(float)</c> of a non-negative finite value.</summary>
    private static string Repr(double value)
    {
        if (value == 0)
        {
            return "0.0";
        }

        // .NET's "E16" is not shortest; "R" is shortest round-trip but picks its own notation, so re-lay its digits.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var (digits, pointPosition) = SplitDigits(shortest);
        if (pointPosition is <= -4 or > 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exp = pointPosition - 1;
            return mantissa + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }

        if (pointPosition <= 0)
        {
            return "0." + new string('0', -pointPosition) + digits;
        }

        return pointPosition < digits.Length
            ? digits[..pointPosition] + "." + digits[pointPosition..]
            : digits + new string('0', pointPosition - digits.Length) + ".0";
    }

    /// <summary>Significant digits (no leading/trailing zeros) and the decimal point position: value = 0.DIGITS × 10^pos.</summary>
    private static (string Digits, int PointPosition) SplitDigits(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? text[..dot] : text;
        var fractionPart = dot >= 0 ? text[(dot + 1)..] : string.Empty;
        var all = integerPart + fractionPart;
        var position = integerPart.Length + exponent;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0');
        position -= leading;
        all = all.TrimEnd('0');
        return (all.Length == 0 ? "0" : all, position);
    }
}
