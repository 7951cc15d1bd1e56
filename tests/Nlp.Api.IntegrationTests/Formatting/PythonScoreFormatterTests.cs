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

    /// <summary>
    /// Every score within [-1, 1] takes the table path; it must write what the general path writes. Swept: every
    /// 251st float32 from 0 to 1 (4.2 million values, the halfway values k + 0.5 hundredths and the smallest
    /// subnormals included by the edge list), with either sign.
    /// </summary>
    [Fact]
    public void Table_path_writes_what_the_general_path_writes()
    {
        var one = BitConverter.SingleToInt32Bits(1f);
        var values = new List<float> { 0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, BitConverter.Int32BitsToSingle(one - 1) };
        for (var k = 0; k < 100; k++)
        {
            var tie = (k + 0.5) / 100;
            var nearest = (float)tie;
            values.AddRange([nearest, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(nearest) - 1), BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(nearest) + 1)]);
        }

        for (var bits = 0; bits <= one; bits += 251)
        {
            values.Add(BitConverter.Int32BitsToSingle(bits));
        }

        var mismatches = values.SelectMany(v => new[] { v, -v })
            .Where(v => PythonScoreFormatter.Format(v) != PythonScoreFormatter.FormatGeneral(v))
            .Select(v => $"{v:R}: {PythonScoreFormatter.Format(v)} != {PythonScoreFormatter.FormatGeneral(v)}")
            .Take(5)
            .ToList();
        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(1.5f, "1.5")]
    [InlineData(-2.345f, "-2.35")]
    [InlineData(16777216f, "16777216.0")]
    [InlineData(1.005f, "1.0")]
    public void Values_beyond_one_take_the_general_path(float value, string expected) =>
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
