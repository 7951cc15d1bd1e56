using System.Globalization;
using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Tells Keras 3 configs from Keras 2 ones, where behaviour differs (for example <c>hard_sigmoid</c>): the
/// <c>keras_version</c> string when present, else keys only Keras 3 writes (<c>module</c>/<c>registered_name</c>
/// on layer entries, <c>batch_shape</c>, a <c>DTypePolicy</c> object as <c>dtype</c>).
/// </summary>
internal static class KerasVersionDetector
{
    public static int? MajorOf(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var digits = new string([.. version.Trim().TakeWhile(char.IsAsciiDigit)]);
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : null;
    }

    public static int Detect(JsonObject model, string? version)
    {
        if (MajorOf(version) is { } major)
        {
            return major;
        }

        if (model.ContainsKey("module") || model.ContainsKey("registered_name"))
        {
            return 3;
        }

        var config = model["config"] as JsonObject;
        var layers = config?["layers"] as JsonArray ?? model["config"] as JsonArray;
        foreach (var entry in layers?.OfType<JsonObject>() ?? [])
        {
            var layerConfig = entry["config"] as JsonObject;
            if (entry.ContainsKey("module") || entry.ContainsKey("registered_name") ||
                layerConfig?.ContainsKey("batch_shape") == true || (layerConfig?["dtype"] is JsonObject dtype && ModelArchitectureParser.GetString(dtype, "class_name") == "DTypePolicy"))
            {
                return 3;
            }
        }

        return 2;
    }
}
