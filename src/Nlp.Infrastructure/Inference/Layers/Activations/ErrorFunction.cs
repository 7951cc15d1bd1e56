namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The error function in double precision (.NET has none): Maclaurin series below 2.5, Lentz's continued fraction
/// for erfc above. Both are accurate to ~1e-14, far below float32 resolution.
/// </summary>
internal static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;

    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        var z = Math.Abs(x);
        var value = z < 2.5 ? Series(z) : 1 - ComplementLarge(z);
        return x < 0 ? -value : value;
    }

    /// <summary>erf(z) = 2/sqrt(pi) * sum (-1)^n z^(2n+1) / (n! (2n+1)).</summary>
    private static double Series(double z)
    {
        var z2 = z * z;
        var term = z;
        var sum = z;
        for (var n = 1; n < 200; n++)
        {
            term *= -z2 / n;
            var add = term / ((2 * n) + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return TwoOverSqrtPi * sum;
    }

    /// <summary>erfc(z) for z &gt;= 2.5: exp(-z^2)/sqrt(pi) / (z + 1/2/(z + 1/(z + 3/2/(z + ...)))).</summary>
    private static double ComplementLarge(double z)
    {
        const double Tiny = 1e-300;
        var f = z;
        var c = z;
        var d = 0.0;
        for (var n = 1; n < 500; n++)
        {
            var a = n / 2.0;
            d = z + (a * d);
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = z + (a / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-z * z) / Math.Sqrt(Math.PI) / f;
    }
}
