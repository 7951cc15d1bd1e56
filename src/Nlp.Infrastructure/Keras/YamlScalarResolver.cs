using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Types a YAML scalar the way the YAML 1.2 core schema does (null, booleans, integers, floats including
/// <c>.inf</c>/<c>.nan</c>), plus the <c>NaN</c>/<c>Infinity</c> literals that Python's <c>json.dumps</c> writes.
/// Quoted scalars stay strings; explicit standard tags (<c>!!str</c>, <c>!!int</c>, ...) win; any other tag
/// (for example <c>!!python/unicode</c>) is ignored. Finite numbers are made the way <c>JsonNode.Parse</c> makes
/// them (backed by a <see cref="JsonElement"/>), so <c>GetValue&lt;int&gt;()</c>, <c>&lt;long&gt;</c>,
/// <c>&lt;float&gt;</c> and <c>&lt;double&gt;</c> all work on them, whichever text the config came from.
/// </summary>
internal static class YamlScalarResolver
{
    private const string StandardTagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific ? null : scalar.Tag.Value;
        var value = scalar.Value;
        switch (tag)
        {
            case StandardTagPrefix + "str" or StandardTagPrefix + "python/unicode" or StandardTagPrefix + "python/str":
                return JsonValue.Create(value);
            case StandardTagPrefix + "null":
                return null;
            case StandardTagPrefix + "bool":
                return TryBool(value) is { } b ? JsonValue.Create(b) : throw Invalid(scalar, "a boolean");
            case StandardTagPrefix + "int":
                return TryInteger(value) ?? throw Invalid(scalar, "an integer");
            case StandardTagPrefix + "float":
                return TryFloat(value) is { } f ? Number(f) : throw Invalid(scalar, "a float");
        }

        if (scalar.Style != ScalarStyle.Plain || scalar.Tag.IsNonSpecific)
        {
            return JsonValue.Create(value);
        }

        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (TryBool(value) is { } boolean)
        {
            return JsonValue.Create(boolean);
        }

        if (TryInteger(value) is { } integer)
        {
            return integer;
        }

        return TryFloat(value) is { } number ? Number(number) : JsonValue.Create(value);
    }

    private static JsonValue Number(long value) => Written(writer => writer.WriteNumberValue(value));

    /// <summary>NaN and infinities cannot live in a <see cref="JsonElement"/>: they stay plain doubles.</summary>
    private static JsonValue Number(double value) =>
        double.IsFinite(value) ? Written(writer => writer.WriteNumberValue(value)) : JsonValue.Create(value);

    /// <summary>
    /// A value backed by a <see cref="JsonElement"/>, read from the number's JSON text as written by
    /// <see cref="Utf8JsonWriter"/> (the text <c>JsonSerializer</c> would write). Not through <c>JsonSerializer</c>:
    /// its reflection-based first use cost ~10 ms of a fresh process's first model load (docs/benchmarks.md).
    /// </summary>
    private static JsonValue Written(Action<Utf8JsonWriter> write)
    {
        var json = new ArrayBufferWriter<byte>(32);
        using (var writer = new Utf8JsonWriter(json))
        {
            write(writer);
        }

        var reader = new Utf8JsonReader(json.WrittenSpan);
        return JsonValue.Create(JsonElement.ParseValue(ref reader))!;
    }

    private static bool? TryBool(string value) => value switch
    {
        "true" or "True" or "TRUE" => true,
        "false" or "False" or "FALSE" => false,
        _ => null,
    };

    private static JsonValue? TryInteger(string value)
    {
        var text = value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (text.Length == 0 || !IsIntegerText(text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return Number(l);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) &&
            long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return Number(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            try
            {
                return Number(Convert.ToInt64(text[2..], 8));
            }
            catch (FormatException)
            {
                return null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        // A decimal integer beyond the range of long: keep its value as a double.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? Number(d) : null;
    }

    private static bool IsIntegerText(string text)
    {
        if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o'))
        {
            return text.AsSpan(2).ContainsAnyExcept("0123456789abcdefABCDEF") is false;
        }

        var digits = text[0] is '-' or '+' ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static double? TryFloat(string value)
    {
        switch (value)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "Infinity" or "+Infinity":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF" or "-Infinity":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN" or "NaN":
                return double.NaN;
        }

        var text = value.Replace("_", string.Empty, StringComparison.Ordinal);
        if (!LooksLikeDecimal(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    /// <summary>The core schema float: <c>[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?</c>.</summary>
    private static bool LooksLikeDecimal(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var mantissaDigits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            mantissaDigits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                mantissaDigits++;
            }
        }

        if (mantissaDigits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var exponentDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static FormatException Invalid(Scalar scalar, string expected) =>
        new($"line {scalar.Start.Line}: '{scalar.Value}' is tagged {scalar.Tag.Value} but is not {expected}");
}
