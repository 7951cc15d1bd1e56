using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Converts YAML text (and so JSON text, which is YAML) into <see cref="JsonNode"/>s. It is driven by YamlDotNet's
/// event parser rather than the recursive representation model, so nesting depth is checked as the text is read and
/// deep or hostile input can never exhaust the stack. Tagged sequences (<c>!!python/tuple</c>) become arrays, tagged
/// mappings objects; anchors and aliases are expanded within a node budget. Problems are
/// <see cref="FormatException"/>s (with the line number) or YamlDotNet's <see cref="YamlException"/>.
/// </summary>
internal static class YamlJsonConverter
{
    /// <summary>The most nodes that alias expansion may copy (protects against "billion laughs" documents).</summary>
    public const int MaxAliasNodes = 1_000_000;

    public static JsonNode? Convert(string text, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, (JsonNode? Node, int Count)>(StringComparer.Ordinal);
        var aliasNodes = 0;
        JsonNode? root = null;
        var sawRoot = false;

        while (parser.MoveNext())
        {
            var current = parser.Current!;
            switch (current)
            {
                case DocumentStart when sawRoot:
                    return root; // a second document: Keras writes one; ignore the rest
                case Scalar scalar when stack.TryPeek(out var keyFrame) && keyFrame.ExpectsKey:
                    keyFrame.Key = scalar.Value;
                    keyFrame.ExpectsKey = false;
                    break;
                case Scalar scalar:
                    var value = YamlScalarResolver.Resolve(scalar);
                    Remember(anchors, scalar.Anchor, value, 1);
                    if (Attach(stack, value, 1))
                    {
                        (root, sawRoot) = (value, true);
                    }

                    break;
                case SequenceStart or MappingStart when stack.TryPeek(out var parent) && parent.ExpectsKey:
                    throw new FormatException($"line {current.Start.Line}: a mapping key must be a plain value, not a list or mapping");
                case SequenceStart sequence:
                    CheckDepth(stack, maxDepth, current);
                    stack.Push(new Frame(new JsonArray(), sequence.Anchor));
                    break;
                case MappingStart mapping:
                    CheckDepth(stack, maxDepth, current);
                    stack.Push(new Frame(new JsonObject(), mapping.Anchor) { ExpectsKey = true });
                    break;
                case SequenceEnd or MappingEnd:
                    var done = stack.Pop();
                    Remember(anchors, done.Anchor, done.Node, done.Count);
                    if (Attach(stack, done.Node, done.Count))
                    {
                        (root, sawRoot) = (done.Node, true);
                    }

                    break;
                case AnchorAlias alias:
                    if (stack.TryPeek(out var aliasParent) && aliasParent.ExpectsKey)
                    {
                        throw new FormatException($"line {current.Start.Line}: an alias cannot be a mapping key");
                    }

                    if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw new FormatException($"line {current.Start.Line}: alias *{alias.Value.Value} refers to no anchor");
                    }

                    aliasNodes += anchored.Count;
                    if (aliasNodes > MaxAliasNodes)
                    {
                        throw new FormatException($"line {current.Start.Line}: aliases expand to more than {MaxAliasNodes} nodes");
                    }

                    var copy = anchored.Node?.DeepClone();
                    if (Attach(stack, copy, anchored.Count))
                    {
                        (root, sawRoot) = (copy, true);
                    }

                    break;
            }
        }

        return sawRoot ? root : throw new FormatException("the text holds no YAML or JSON document");
    }

    private static void CheckDepth(Stack<Frame> stack, int maxDepth, ParsingEvent current)
    {
        if (stack.Count >= maxDepth)
        {
            throw new FormatException($"line {current.Start.Line}: nesting is deeper than {maxDepth} levels");
        }
    }

    private static void Remember(Dictionary<string, (JsonNode? Node, int Count)> anchors, AnchorName anchor, JsonNode? node, int count)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = (node, count);
        }
    }

    /// <summary>Adds a finished node to the open container; returns true when it is the document's root.</summary>
    private static bool Attach(Stack<Frame> stack, JsonNode? node, int count)
    {
        if (!stack.TryPeek(out var parent))
        {
            return true;
        }

        parent.Count += count;
        if (parent.Node is JsonArray array)
        {
            array.Add(node);
        }
        else
        {
            // The last value wins for a repeated key, as Python's json and yaml loaders do.
            ((JsonObject)parent.Node)[parent.Key!] = node;
            parent.ExpectsKey = true;
        }

        return false;
    }

    private sealed class Frame(JsonNode node, AnchorName anchor)
    {
        public JsonNode Node { get; } = node;

        public AnchorName Anchor { get; } = anchor;

        public bool ExpectsKey { get; set; }

        public string? Key { get; set; }

        public int Count { get; set; } = 1;
    }
}
