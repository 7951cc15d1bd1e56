using System.Text.Json;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Turns a parsed model config (<c>{"class_name": ..., "config": ...}</c>) into a <see cref="ModelArchitecture"/>:
/// Sequential (Keras 2 list or <c>{"layers": [...]}</c>, Keras 3 with an <c>InputLayer</c> entry) and functional
/// models (<c>Model</c>/<c>Functional</c>, both <c>inbound_nodes</c> forms). Every problem is a
/// <see cref="ModelFormatException"/> naming the file and, where there is one, the layer.
/// </summary>
internal static class ModelArchitectureParser
{
    /// <param name="root">The model config (<c>{"class_name": ..., "config": ...}</c>).</param>
    /// <param name="fileName">The file named in errors.</param>
    /// <param name="nested">
    /// True for a model used as a layer of another: a Sequential config may then lack an input shape, because the
    /// nested model takes the shape of the tensor it is called on.
    /// </param>
    public static ModelArchitecture Parse(JsonNode? root, string fileName, bool nested = false)
    {
        if (root is not JsonObject model || GetString(model, "class_name") is not { } className)
        {
            throw new ModelFormatException(fileName, "the architecture is not a Keras model config (no top-level 'class_name')");
        }

        var version = GetString(model, "keras_version");
        try
        {
            var (name, layers, inputs, outputs) = className switch
            {
                "Sequential" => SequentialGraph.Build(model["config"], fileName, nested),
                "Model" or "Functional" => ParseFunctional(model["config"], fileName),
                _ => throw new ModelFormatException(fileName, $"the top-level class '{className}' is not a Sequential or functional model"),
            };
            CheckReferences(layers, inputs, outputs, fileName);
            return new ModelArchitecture(className, name, layers, inputs, outputs, version, KerasVersionDetector.Detect(model, version));
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(fileName, ex.Message, ex);
        }
    }

    public static string? GetString(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Reads one layer entry's name, class and config (the name sits in the entry or in its config).</summary>
    public static (string Name, string ClassName, JsonObject Config) ReadEntry(JsonNode? entry, int index, string fileName)
    {
        if (entry is not JsonObject layer || GetString(layer, "class_name") is not { } className)
        {
            throw new ModelFormatException(fileName, $"layer entry {index} has no 'class_name'");
        }

        var config = layer["config"] switch
        {
            JsonObject obj => obj,
            // Keras 2.0 - 2.1 write a Sequential model's config as the bare list of its layers (also when nested).
            JsonArray list when className == "Sequential" => new JsonObject { ["layers"] = list.DeepClone() },
            _ => [],
        };
        var name = GetString(layer, "name") ?? GetString(config, "name")
            ?? throw new ModelFormatException(fileName, $"layer entry {index} (class '{className}') has no name");
        return (name, className, config);
    }

    private static (string, List<ArchitectureLayer>, IReadOnlyList<TensorReference>, IReadOnlyList<TensorReference>) ParseFunctional(
        JsonNode? configNode, string fileName)
    {
        if (configNode is not JsonObject config || config["layers"] is not JsonArray entries)
        {
            throw new ModelFormatException(fileName, "the functional model config has no 'layers' list");
        }

        var layers = new List<ArchitectureLayer>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var (name, className, layerConfig) = ReadEntry(entries[i], i, fileName);
            IReadOnlyList<LayerCall> calls;
            try
            {
                calls = InboundNodeParser.ParseCalls(entries[i]!["inbound_nodes"]);
            }
            catch (FormatException ex)
            {
                throw new ModelFormatException(fileName, $"layer '{name}' (class '{className}'): {ex.Message}", ex);
            }

            layers.Add(new ArchitectureLayer(name, className, layerConfig, calls));
        }

        var inputs = InboundNodeParser.ParseReferences(config["input_layers"]);
        var outputs = InboundNodeParser.ParseReferences(config["output_layers"]);
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ModelFormatException(fileName, "the functional model config names no input_layers or no output_layers");
        }

        return (GetString(config, "name") ?? "model", layers, inputs, outputs);
    }

    private static void CheckReferences(
        List<ArchitectureLayer> layers, IReadOnlyList<TensorReference> inputs, IReadOnlyList<TensorReference> outputs, string fileName)
    {
        var byName = new Dictionary<string, ArchitectureLayer>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (!byName.TryAdd(layer.Name, layer))
            {
                throw new ModelFormatException(fileName, $"two layers are named '{layer.Name}'");
            }
        }

        void Check(TensorReference reference, string user)
        {
            if (!byName.TryGetValue(reference.LayerName, out var source))
            {
                throw new ModelFormatException(fileName, $"{user} refers to layer '{reference.LayerName}', which the model does not have");
            }

            var nodeCount = source.IsInputLayer ? 1 : source.Calls.Count;
            if (reference.NodeIndex >= nodeCount)
            {
                throw new ModelFormatException(fileName, $"{user} refers to call {reference.NodeIndex} of layer '{source.Name}', which is called {nodeCount} time(s)");
            }

            if (reference.TensorIndex != 0)
            {
                throw new ModelFormatException(fileName, $"{user} uses output {reference.TensorIndex} of layer '{source.Name}' (class '{source.ClassName}'); layers with several outputs are not supported");
            }
        }

        foreach (var layer in layers)
        {
            foreach (var input in layer.Calls.SelectMany(c => c.Inputs))
            {
                Check(input, $"layer '{layer.Name}' (class '{layer.ClassName}')");
            }
        }

        foreach (var input in inputs)
        {
            Check(input, "input_layers");
            if (!byName[input.LayerName].IsInputLayer)
            {
                throw new ModelFormatException(fileName, $"input_layers names '{input.LayerName}', which is not an InputLayer");
            }
        }

        foreach (var output in outputs)
        {
            Check(output, "output_layers");
        }
    }
}
