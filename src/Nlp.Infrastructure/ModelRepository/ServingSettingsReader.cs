using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;
using YamlDotNet.Core;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Reads <c>serving.yaml</c>: unknown keys are errors (a typo must not silently change how a model is served), and so
/// is a value of the wrong kind. The text goes through the same bounded YAML reader as the architecture
/// (<see cref="YamlJsonConverter"/>) and is mapped key by key here, without a reflection-based deserializer: that
/// one cost a third of a process's first model load in start-up work (docs/benchmarks.md).
/// </summary>
internal static class ServingSettingsReader
{
    public const string FileName = "serving.yaml";
    private const long MaxBytes = 1024 * 1024;
    private const int MaxDepth = 16;

    public static ServingSettings Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return new ServingSettings();
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ModelFormatException(FileName, $"the file is larger than {MaxBytes} bytes.");
        }

        return Parse(File.ReadAllText(path));
    }

    public static ServingSettings Parse(string text)
    {
        if (!HasContent(text))
        {
            return new ServingSettings();
        }

        JsonNode? root;
        try
        {
            root = YamlJsonConverter.Convert(text, MaxDepth);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException(FileName, e.Message, e);
        }
        catch (YamlException e)
        {
            throw new ModelFormatException(FileName, $"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var settings = new ServingSettings();
        foreach (var (key, value) in Mapping(root, "the document"))
        {
            switch (key)
            {
                case "architecture": settings.Architecture = Text(value, key); break;
                case "weights": settings.Weights = Text(value, key); break;
                case "tokenizer": settings.Tokenizer = Text(value, key); break;
                case "encoder": settings.Encoder = Text(value, key); break;
                case "output": settings.Output = Text(value, key); break;
                case "labels": settings.Labels = Labels(value); break;
                case "input": settings.Input = Input(value); break;
                case "checks": settings.Checks = Checks(value); break;
                default: throw UnknownKey(key, "architecture, weights, tokenizer, encoder, labels, output, input, checks");
            }
        }

        return settings;
    }

    /// <summary>False for a file of blank lines, comments and document markers only (an empty document).</summary>
    private static bool HasContent(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty && trimmed[0] != '#' && !trimmed.SequenceEqual("---") && !trimmed.SequenceEqual("..."))
            {
                return true;
            }
        }

        return false;
    }

    private static object? Labels(JsonNode? value) => value switch
    {
        null => null,
        JsonArray list => list.Select((item, i) => (object)(Text(item, $"labels[{i}]") ?? throw Invalid($"labels[{i}]", "a name"))).ToList(),
        JsonValue => Text(value, "labels"),
        _ => throw Invalid("labels", "a list of names or a file name"),
    };

    private static ServingSettings.InputSettings Input(JsonNode? value)
    {
        var input = new ServingSettings.InputSettings();
        foreach (var (key, item) in Mapping(value, "input"))
        {
            var name = "input." + key;
            switch (key)
            {
                case "mode": input.Mode = Text(item, name) ?? input.Mode; break;
                case "maxlen": input.Maxlen = item is null ? null : Integer(item, name); break;
                case "padding": input.Padding = Text(item, name) ?? input.Padding; break;
                case "truncating": input.Truncating = Text(item, name) ?? input.Truncating; break;
                case "value": input.Value = Number(item, name); break;
                default: throw UnknownKey(name, "mode, maxlen, padding, truncating, value");
            }
        }

        return input;
    }

    private static List<ServingSettings.LoadCheck> Checks(JsonNode? value)
    {
        if (value is null)
        {
            return [];
        }

        if (value is not JsonArray list)
        {
            throw Invalid("checks", "a list of checks");
        }

        var checks = new List<ServingSettings.LoadCheck>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var check = new ServingSettings.LoadCheck();
            foreach (var (key, item) in Mapping(list[i], $"checks[{i}]"))
            {
                var name = $"checks[{i}].{key}";
                switch (key)
                {
                    case "text": check.Text = Text(item, name) ?? string.Empty; break;
                    case "label": check.Label = Text(item, name); break;
                    case "scores": check.Scores = Scores(item, name); break;
                    case "tolerance": check.Tolerance = Number(item, name); break;
                    default: throw UnknownKey(name, "text, label, scores, tolerance");
                }
            }

            checks.Add(check);
        }

        return checks;
    }

    private static List<float>? Scores(JsonNode? value, string name) => value switch
    {
        null => null,
        JsonArray list => [.. list.Select((item, i) => Number(item, $"{name}[{i}]"))],
        _ => throw Invalid(name, "a list of numbers"),
    };

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Mapping(JsonNode? node, string name) => node switch
    {
        null => [],
        JsonObject mapping => mapping,
        _ => throw Invalid(name, "a mapping of keys to values"),
    };

    /// <summary>
    /// A scalar as text: a string as written, a plain number or boolean as JSON writes it (<c>123</c> is "123", but
    /// <c>1.50</c> is "1.5": quote a name that must keep its spelling); null stays null.
    /// </summary>
    private static string? Text(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => throw Invalid(name, "a single value"),
    };

    private static int Integer(JsonNode node, string name) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number)
            ? number
            : throw Invalid(name, "an integer");

    private static float Number(JsonNode? node, string name)
    {
        if (node is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number))
            {
                return (float)number;
            }

            // A quoted number ("0.5") is read as the number it spells.
            if (value.GetValueKind() == JsonValueKind.String
                && float.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        throw Invalid(name, "a number");
    }

    private static ModelFormatException UnknownKey(string key, string known) =>
        new(FileName, $"unknown key '{key}' (known keys here: {known}).");

    private static ModelFormatException Invalid(string name, string expected) =>
        new(FileName, $"'{name}' must be {expected}.");
}
