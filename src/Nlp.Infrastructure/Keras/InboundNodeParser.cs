using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Reads the tensor references of a functional config: <c>inbound_nodes</c> in the Keras 2 list form
/// <c>[[["name", node, tensor, {kwargs}], ...], ...]</c> and the Keras 3 form
/// <c>[{"args": [{"class_name": "__keras_tensor__", "config": {"keras_history": ["name", node, tensor]}}], "kwargs": {}}]</c>,
/// and <c>input_layers</c>/<c>output_layers</c> (<c>[["name", 0, 0], ...]</c>, a single flat <c>["name", 0, 0]</c>,
/// or a dict of them). Problems are <see cref="FormatException"/>s.
/// </summary>
internal static class InboundNodeParser
{
    private const string KerasTensorClass = "__keras_tensor__";

    public static IReadOnlyList<LayerCall> ParseCalls(JsonNode? inboundNodes)
    {
        if (inboundNodes is null)
        {
            return [];
        }

        if (inboundNodes is not JsonArray nodes)
        {
            throw new FormatException("inbound_nodes must be a list");
        }

        var calls = new List<LayerCall>(nodes.Count);
        foreach (var node in nodes)
        {
            calls.Add(node switch
            {
                JsonArray keras2 => ParseKeras2Call(keras2),
                JsonObject keras3 => ParseKeras3Call(keras3),
                _ => throw new FormatException($"an inbound node must be a list or an object, not {Text(node)}"),
            });
        }

        return calls;
    }

    /// <summary>Reads <c>input_layers</c>/<c>output_layers</c>: one reference, a list of them, or a dict of them.</summary>
    public static IReadOnlyList<TensorReference> ParseReferences(JsonNode? node)
    {
        var references = new List<TensorReference>();
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.TryPop(out var item))
        {
            switch (item)
            {
                case null:
                    break;
                case JsonArray array when array.Count > 0 && IsString(array[0]):
                    references.Add(ParseReference(array));
                    break;
                case JsonArray array:
                    for (var i = array.Count - 1; i >= 0; i--)
                    {
                        pending.Push(array[i]);
                    }

                    break;
                case JsonObject dict:
                    foreach (var value in dict.Select(p => p.Value).Reverse())
                    {
                        pending.Push(value);
                    }

                    break;
                default:
                    throw new FormatException($"a tensor reference must be a list [name, node, tensor], not {Text(item)}");
            }
        }

        return references;
    }

    private static LayerCall ParseKeras2Call(JsonArray inputs)
    {
        var references = new List<TensorReference>(inputs.Count);
        JsonObject? arguments = null;
        foreach (var input in inputs)
        {
            if (input is not JsonArray entry || entry.Count < 3 || !IsString(entry[0]))
            {
                throw new FormatException($"an inbound tensor must be [name, node, tensor, kwargs], not {Text(input)}");
            }

            references.Add(ParseReference(entry));
            if (arguments is null && entry.Count > 3 && entry[3] is JsonObject kwargs)
            {
                arguments = kwargs;
            }
        }

        return new LayerCall(references, (JsonObject?)arguments?.DeepClone() ?? []);
    }

    private static LayerCall ParseKeras3Call(JsonObject call)
    {
        var references = new List<TensorReference>();
        CollectKerasTensors(call["args"], references);
        var kwargs = call["kwargs"] as JsonObject ?? [];
        var inKwargs = new List<TensorReference>();
        CollectKerasTensors(kwargs, inKwargs);
        if (inKwargs.Count > 0)
        {
            throw new FormatException($"the call passes tensors through keyword arguments ({string.Join(", ", inKwargs)}), which is not supported");
        }

        return new LayerCall(references, (JsonObject)kwargs.DeepClone());
    }

    /// <summary>Depth-first, in order: every <c>__keras_tensor__</c> in a call's arguments (lists of tensors included).</summary>
    private static void CollectKerasTensors(JsonNode? node, List<TensorReference> into)
    {
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.TryPop(out var item))
        {
            if (item is JsonObject obj)
            {
                if (obj["class_name"] is JsonValue className && className.GetValueKind() == JsonValueKind.String &&
                    className.GetValue<string>() == KerasTensorClass)
                {
                    var history = (obj["config"] as JsonObject)?["keras_history"] as JsonArray
                        ?? throw new FormatException($"a Keras tensor without keras_history: {Text(obj)}");
                    into.Add(ParseReference(history));
                    continue;
                }

                foreach (var value in obj.Select(p => p.Value).Reverse())
                {
                    pending.Push(value);
                }
            }
            else if (item is JsonArray array)
            {
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    pending.Push(array[i]);
                }
            }
        }
    }

    private static TensorReference ParseReference(JsonArray entry)
    {
        if (entry.Count < 3 || !IsString(entry[0]))
        {
            throw new FormatException($"a tensor reference must be [name, node, tensor], not {Text(entry)}");
        }

        return new TensorReference(entry[0]!.GetValue<string>(), ToIndex(entry[1], entry), ToIndex(entry[2], entry));
    }

    private static int ToIndex(JsonNode? node, JsonArray entry) =>
        node is not null && LayerConfigExtensions.ToDouble(node) is { } d && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue
            ? (int)d
            : throw new FormatException($"a tensor reference must hold non-negative integer indices: {Text(entry)}");

    private static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static string Text(JsonNode? node) => JsonNodeText.Short(node);
}
