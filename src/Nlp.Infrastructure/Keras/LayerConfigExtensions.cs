using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Typed reads of a Keras layer <c>config</c> object (parsed from YAML or JSON into <see cref="JsonObject"/>),
/// with Keras's defaults supplied by the caller. A value of the wrong type is a <see cref="FormatException"/>
/// whose message names the key; layer factories wrap it with the layer name.
/// </summary>
internal static class LayerConfigExtensions
{
    public static string? GetString(this JsonObject config, string key, string? defaultValue = null) =>
        config.TryGetPropertyValue(key, out var node) && node is not null
            ? node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Wrong(key, "a string", node)
            : defaultValue;

    public static bool GetBool(this JsonObject config, string key, bool defaultValue) =>
        config.TryGetPropertyValue(key, out var node) && node is not null
            ? node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Wrong(key, "true or false", node),
            }
            : defaultValue;

    public static int GetInt(this JsonObject config, string key, int defaultValue) =>
        config.TryGetPropertyValue(key, out var node) && node is not null ? ToInt(key, node) : defaultValue;

    public static double GetDouble(this JsonObject config, string key, double defaultValue) =>
        config.TryGetPropertyValue(key, out var node) && node is not null
            ? ToDouble(node) ?? throw Wrong(key, "a number", node)
            : defaultValue;

    /// <summary>A list of ints, or a single int (Keras accepts <c>kernel_size: 3</c> and <c>[3]</c>); null when absent.</summary>
    public static int[]? GetIntList(this JsonObject config, string key) =>
        !config.TryGetPropertyValue(key, out var node) || node is null
            ? null
            : node switch
            {
                JsonArray array => [.. array.Select(n => n is null ? throw Wrong(key, "a list of integers", array) : ToInt(key, n))],
                _ => [ToInt(key, node)],
            };

    /// <summary>A shape list such as <c>batch_input_shape: [null, 100]</c>; <c>null</c> entries stay null.</summary>
    public static int?[]? GetShape(this JsonObject config, string key) =>
        !config.TryGetPropertyValue(key, out var node) || node is null
            ? null
            : node is JsonArray array
                ? [.. array.Select(n => n is null ? (int?)null : ToInt(key, n))]
                : throw Wrong(key, "a list", node);

    private static int ToInt(string key, JsonNode node)
    {
        if (ToDouble(node) is { } d && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        throw Wrong(key, "an integer", node);
    }

    /// <summary>The number a node holds, whatever CLR type backs it (parsed JSON, or a value created in code).</summary>
    public static double? ToDouble(JsonNode node)
    {
        if (node is not JsonValue value || node.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        return value.TryGetValue<float>(out var f) ? f : null;
    }

    private static FormatException Wrong(string key, string expected, JsonNode node) =>
        new($"config key '{key}' must be {expected}, not {node.ToJsonString()}");
}
