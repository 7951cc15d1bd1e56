using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// Reads the JSON files of <c>shared/keras-vectors/</c> (found by <see cref="SharedDirectory"/>) once each.
/// </summary>
internal static class KerasVectorFiles
{
    private static readonly ConcurrentDictionary<string, JsonObject> Cache = new();

    public static string? Directory { get; } = Locate();

    public static string SkipReason => "../shared/keras-vectors is absent (not in this checkout): Keras vector conformance was skipped";

    /// <summary>The parsed <c>&lt;relative&gt;.json</c> (for example <c>recurrent/LSTM</c>).</summary>
    public static JsonObject Vectors(string relative) => Read(relative + ".json");

    /// <summary>The parsed <c>&lt;relative&gt;.models.json</c>.</summary>
    public static JsonObject Models(string relative) => Read(relative + ".models.json");

    private static JsonObject Read(string file) =>
        Cache.GetOrAdd(file, f =>
        {
            var path = Path.Combine(Directory ?? throw new InvalidOperationException(SkipReason), f);
            return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        });

    private static string? Locate() => SharedDirectory.Find("keras-vectors");

}
