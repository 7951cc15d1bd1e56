using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary><see cref="PythonLowercase"/> against CPython's <c>str.lower()</c> (fixture <c>lowercase.json</c>).</summary>
public sealed class PythonLowercaseTests
{
    [Fact]
    public void Every_code_point_lowercases_as_in_CPython()
    {
        var fixture = PickleFixtures.Json("lowercase.json");
        var lower = fixture["lower"]!.AsObject().ToDictionary(pair => int.Parse(pair.Key, System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value!.GetValue<string>());
        var unassigned = fixture["unassigned"]!.AsArray().Select(range => (range![0]!.GetValue<int>(), range[1]!.GetValue<int>())).ToArray();
        var mismatches = new List<string>();

        for (var codePoint = 0; codePoint <= 0x10ffff; codePoint++)
        {
            if (codePoint is >= 0xd800 and <= 0xdfff || IsIn(unassigned, codePoint))
            {
                continue; // surrogates; code points CPython's Unicode database does not know yet
            }

            var text = char.ConvertFromUtf32(codePoint);
            var expected = lower.GetValueOrDefault(codePoint, text);
            if (PythonLowercase.Lower(text) != expected)
            {
                mismatches.Add($"U+{codePoint:X4}");
            }
        }

        Assert.Empty(mismatches);
        Assert.True(lower.Count > 1000, "the fixture holds CPython's lowercase mappings");
    }

    [Fact]
    public void Final_sigma_and_dotted_capital_I_follow_CPython_in_context()
    {
        foreach (var pair in PickleFixtures.Json("lowercase.json")["strings"]!.AsArray())
        {
            var source = pair![0]!.GetValue<string>();
            Assert.Equal(pair[1]!.GetValue<string>(), PythonLowercase.Lower(source));
        }
    }

    [Fact]
    public void Writes_into_a_span_of_the_announced_length()
    {
        const string text = "İİ ΟΔΟΣ";
        var buffer = new char[PythonLowercase.MaxLength(text)];

        var written = PythonLowercase.Lower(text, buffer);

        Assert.Equal(buffer.Length, written);
        Assert.Equal("i\u0307i\u0307 \u03bf\u03b4\u03bf\u03c2", new string(buffer, 0, written));
    }

    private static bool IsIn((int First, int Last)[] ranges, int codePoint) =>
        ranges.Any(range => codePoint >= range.First && codePoint <= range.Last);
}
