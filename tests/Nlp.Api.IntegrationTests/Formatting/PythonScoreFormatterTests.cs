using System.Globalization;
using System.Text.Json;
using Nlp.Api.Formatting;

namespace Nlp.Api.IntegrationTests.Formatting;

/// <summary>
/// The score string equals CPython's <c>str(round(float(x), 2))</c> for float32 outputs. The expected strings were
/// printed by CPython 3.11 (see Fixtures/make_score_strings.py); the inputs are float32 values as hex.
/// </summary>
public sealed class PythonScoreFormatterTests
{
    public static TheoryData<string, string> PythonCases()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "score_strings.json");
        var rows = JsonSerializer.Deserialize<string[][]>(File.ReadAllText(path))!;
        var data = new TheoryData<string, string>();
        foreach (var row in rows)
        {
            data.Add(row[0], row[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PythonCases))]
    public void Matches_CPython(string hexValue, string expected)
    {
        var value = (float)double.Parse(HexToDecimal(hexValue), CultureInfo.InvariantCulture);

        Assert.Equal(expected, PythonScoreFormatter.Format(value));
    }

    [Theory]
    [InlineData(float.NaN, "nan")]
    [InlineData(float.PositiveInfinity, "inf")]
    [InlineData(float.NegativeInfinity, "-inf")]
    public void Non_finite_values_are_written_as_python_does(float value, string expected) =>
        Assert.Equal(expected, PythonScoreFormatter.Format(value));

    /// <summary>Python's float.hex() text ("0x1.dc28f6p-1") to a decimal string .NET can parse exactly enough.</summary>
    private static string HexToDecimal(string hex)
    {
        var negative = hex.StartsWith('-');
        hex = hex.TrimStart('-')[2..];
        var p = hex.IndexOf('p', StringComparison.Ordinal);
        var exponent = int.Parse(hex[(p + 1)..], CultureInfo.InvariantCulture);
        var parts = hex[..p].Split('.');
        var mantissa = (double)long.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var fraction = parts.Length > 1 ? parts[1] : string.Empty;
        for (var i = 0; i < fraction.Length; i++)
        {
            mantissa += Convert.ToInt32(fraction[i].ToString(), 16) * Math.Pow(16, -(i + 1));
        }

        var value = Math.ScaleB(mantissa, exponent) * (negative ? -1 : 1);
        return value.ToString("R", CultureInfo.InvariantCulture);
    }
}
