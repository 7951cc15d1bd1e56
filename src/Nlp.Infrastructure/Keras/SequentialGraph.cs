using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Expresses a Sequential config as a chain graph. The input layer is the config's own <c>InputLayer</c> entry
/// (Keras 3, tf.keras) or, as Keras 2 does, an implicit one named <c>&lt;first layer&gt;_input</c> whose shape comes
/// from the first layer's <c>batch_input_shape</c> (else the model's <c>build_input_shape</c> or <c>build_config</c>;
/// when the first layer is itself a model, the shape of the first layer of the deepest one, as Keras 2's
/// <c>Sequential.add</c> finds it). A nested Sequential may have no shape at all: it takes its call's.
/// </summary>
internal static class SequentialGraph
{
    public static (string, List<ArchitectureLayer>, IReadOnlyList<TensorReference>, IReadOnlyList<TensorReference>) Build(
        JsonNode? configNode, string fileName, bool nested = false)
    {
        var (name, entries, config) = configNode switch
        {
            JsonArray list => ("sequential", list, null), // Keras 2.0 - 2.1: the config is the list of layers
            JsonObject obj when obj["layers"] is JsonArray list => (ModelArchitectureParser.GetString(obj, "name") ?? "sequential", list, obj),
            _ => throw new ModelFormatException(fileName, "the Sequential config has no 'layers' list"),
        };

        var declared = new List<(string Name, string ClassName, JsonObject Config, JsonObject Entry)>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (layerName, className, layerConfig) = ModelArchitectureParser.ReadEntry(entries[i], i, fileName);
            declared.Add((layerName, className, layerConfig, (JsonObject)entries[i]!));
        }

        if (declared.Count == 0)
        {
            throw new ModelFormatException(fileName, "the Sequential model has no layers");
        }

        var layers = new List<ArchitectureLayer>(declared.Count + 1);
        var first = declared[0];
        if (first.ClassName == ArchitectureLayer.InputLayerClass)
        {
            layers.Add(new ArchitectureLayer(first.Name, first.ClassName, first.Config, []));
            declared.RemoveAt(0);
        }
        else
        {
            var shape = InputShapeOf(first.ClassName, first.Config, first.Entry, config);
            if (shape is null && !nested)
            {
                throw new ModelFormatException(fileName, $"the input shape of the Sequential model is unknown: its first layer '{first.Name}' has no batch_input_shape");
            }

            var inputConfig = new JsonObject
            {
                ["name"] = first.Name + "_input",
                ["dtype"] = first.Config["dtype"] is JsonValue dtype ? dtype.DeepClone() : "float32",
            };
            if (shape is not null)
            {
                inputConfig["batch_input_shape"] = shape.DeepClone();
            }

            layers.Add(new ArchitectureLayer(first.Name + "_input", ArchitectureLayer.InputLayerClass, inputConfig, [], IsImplicit: true));
        }

        foreach (var (layerName, className, layerConfig, _) in declared)
        {
            if (className == ArchitectureLayer.InputLayerClass)
            {
                throw new ModelFormatException(fileName, $"the Sequential model has an InputLayer '{layerName}' that is not its first layer");
            }

            var previous = new TensorReference(layers[^1].Name, 0, 0);
            layers.Add(new ArchitectureLayer(layerName, className, layerConfig, [new LayerCall([previous], [])]));
        }

        return (name, layers, [new TensorReference(layers[0].Name, 0, 0)], [new TensorReference(layers[^1].Name, 0, 0)]);
    }

    private static JsonNode? InputShapeOf(string firstClass, JsonObject firstConfig, JsonObject firstEntry, JsonObject? modelConfig) =>
        firstConfig["batch_input_shape"] as JsonArray
        ?? firstConfig["batch_shape"] as JsonArray
        ?? modelConfig?["build_input_shape"] as JsonArray
        ?? (modelConfig?["build_config"] as JsonObject)?["input_shape"] as JsonArray
        ?? (firstEntry["build_config"] as JsonObject)?["input_shape"] as JsonArray
        ?? NestedInputShapeOf(firstClass, firstConfig);

    /// <summary>The input shape of a model used as the first layer: its own first layer's (recursively).</summary>
    private static JsonNode? NestedInputShapeOf(string className, JsonObject config)
    {
        for (var depth = 0; depth < 64 && className is "Sequential" or "Model" or "Functional"; depth++)
        {
            if (config["layers"] is not JsonArray { Count: > 0 } layers || layers[0] is not JsonObject entry || entry["config"] is not JsonObject inner)
            {
                return null;
            }

            if ((inner["batch_input_shape"] ?? inner["batch_shape"] ?? config["build_input_shape"]) is JsonArray shape)
            {
                return shape;
            }

            className = ModelArchitectureParser.GetString(entry, "class_name") ?? string.Empty;
            config = inner;
        }

        return null;
    }
}
