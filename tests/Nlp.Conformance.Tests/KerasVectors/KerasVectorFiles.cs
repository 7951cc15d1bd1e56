using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// Finds <c>shared/keras-vectors/</c> (walking up from the test assembly to a folder holding
/// <c>shared/CONTRACT.md</c>, else <c>NLP_SHARED_DIR</c>, else <c>/work/shared</c>) and reads its JSON files once.
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

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "shared", "CONTRACT.md")))
            {
                return Existing(Path.Combine(dir.FullName, "shared", "keras-vectors"));
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NLP_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Existing(Path.Combine(fromEnvironment, "keras-vectors"));
        }

        return Existing("/work/shared/keras-vectors");
    }

    private static string? Existing(string path) => System.IO.Directory.Exists(path) ? path : null;
}
