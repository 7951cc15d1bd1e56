using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Expresses a Sequential config as a chain graph. The input layer is the config's own <c>InputLayer</c> entry
/// (Keras 3, tf.keras) or, as Keras 2 does, an implicit one named <c>&lt;first layer&gt;_input</c> whose shape comes
/// from the first layer's <c>batch_input_shape</c> (else the model's <c>build_input_shape</c> or <c>build_config</c>).
/// </summary>
internal static class SequentialGraph
{
    public static (string, List<ArchitectureLayer>, IReadOnlyList<TensorReference>, IReadOnlyList<TensorReference>) Build(
        JsonNode? configNode, string fileName)
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
            var shape = InputShapeOf(first.Config, first.Entry, config)
                ?? throw new ModelFormatException(fileName, $"the input shape of the Sequential model is unknown: its first layer '{first.Name}' has no batch_input_shape");
            var inputConfig = new JsonObject
            {
                ["name"] = first.Name + "_input",
                ["batch_input_shape"] = shape.DeepClone(),
                ["dtype"] = first.Config["dtype"] is JsonValue dtype ? dtype.DeepClone() : "float32",
            };
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

    private static JsonNode? InputShapeOf(JsonObject firstConfig, JsonObject firstEntry, JsonObject? modelConfig) =>
        firstConfig["batch_input_shape"] as JsonArray
        ?? firstConfig["batch_shape"] as JsonArray
        ?? modelConfig?["build_input_shape"] as JsonArray
        ?? (modelConfig?["build_config"] as JsonObject)?["input_shape"] as JsonArray
        ?? (firstEntry["build_config"] as JsonObject)?["input_shape"] as JsonArray;
}
