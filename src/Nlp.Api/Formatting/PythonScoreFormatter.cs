using System.Globalization;
using System.Numerics;

namespace Nlp.Api.Formatting;

/// <summary>
/// Writes a score as Python writes <c>str(round(float(x), 2))</c>: the float32 output widened to double, rounded to
/// two decimals half-to-even on its exact binary value (as CPython's correctly rounded <c>round</c> does), then printed
/// with <c>repr</c>'s shortest digits: <c>"0.93"</c>, <c>"0.9"</c>, <c>"1.0"</c>, <c>"0.0"</c>, <c>"1e+16"</c>.
/// A score within [-1, 1] (every sigmoid or softmax output) is rounded in 64-bit integers and its text taken from a
/// table of the 101 answers, each written once by the general path; larger values take the general path.
/// </summary>
internal static class PythonScoreFormatter
{
    /// <summary>The text of k hundredths, k = 0 to 100, as the general path writes it.</summary>
    private static readonly string[] Hundredths = [.. Enumerable.Range(0, 101).Select(k => Repr(FromHundredths(k)))];

    public static string Format(float score)
    {
        double x = score;
        var magnitude = Math.Abs(x);
        if (magnitude <= 1)
        {
            var text = Hundredths[RoundSmallToHundredthsHalfEven(magnitude)];
            return double.IsNegative(x) ? "-" + text : text;
        }

        return FormatGeneral(score);
    }

    /// <summary>The general path, for any value (tests compare the table path with it).</summary>
    internal static string FormatGeneral(float score)
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

        var rounded = FromHundredths(RoundToHundredthsHalfEven(Math.Abs(x)));
        return (double.IsNegative(x) ? "-" : string.Empty) + Repr(rounded);
    }

    /// <summary>The double nearest to <paramref name="hundredths"/> / 100, as Python's <c>round</c> returns it.</summary>
    private static double FromHundredths(BigInteger hundredths) =>
        double.Parse(hundredths.ToString(CultureInfo.InvariantCulture) + "e-2", CultureInfo.InvariantCulture);

    /// <summary>
    /// <see cref="RoundToHundredthsHalfEven"/> for a magnitude of at most 1: mantissa x 100 is below 2^60, so the
    /// quotient and twice the remainder fit 64 bits; from a shift of 62 on, twice the product is below the divisor
    /// and the answer is 0.
    /// </summary>
    private static int RoundSmallToHundredthsHalfEven(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = (ulong)bits & 0xFFFFFFFFFFFFFUL;
        var mantissa = exponentBits == 0 ? fraction : fraction | (1UL << 52);
        var shift = 1075 - (exponentBits == 0 ? 1 : exponentBits); // magnitude = mantissa / 2^shift, shift >= 52
        if (shift >= 62)
        {
            return 0;
        }

        var scaled = mantissa * 100;
        var quotient = scaled >> shift;
        var twice = (scaled & ((1UL << shift) - 1)) << 1;
        var divisor = 1UL << shift;
        return (int)(twice > divisor || (twice == divisor && (quotient & 1) == 1) ? quotient + 1 : quotient);
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
