using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>A short JSON rendering of a config value for error messages (NaN and infinities included).</summary>
internal static class JsonNodeText
{
    private static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Short(JsonNode? node, int maxLength = 120)
    {
        var text = node?.ToJsonString(Options) ?? "null";
        return text.Length > maxLength ? text[..maxLength] + "..." : text;
    }
}
