using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nlp.Client.Tests.Infrastructure;

/// <summary>
/// The committed OpenAPI snapshot (<c>src/Nlp.Client/openapi.json</c>) the client is generated from, in the normal
/// form both sides are compared in: no <c>servers</c> (they follow the request's host).
/// </summary>
internal static class OpenApiSnapshot
{
    /// <summary>Set to 1 by <c>tools/refresh-client-snapshot.sh</c>: the snapshot test then rewrites the snapshot.</summary>
    public const string UpdateVariable = "NLP_CLIENT_SNAPSHOT_UPDATE";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The copy of the snapshot beside the test assembly.</summary>
    public static string CommittedCopy => Path.Combine(AppContext.BaseDirectory, "Snapshot", "openapi.json");

    /// <summary>The snapshot in the source tree (for the refresh).</summary>
    public static string SourceFile
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NlpInference.sln")))
            {
                dir = dir.Parent;
            }

            return dir is null
                ? throw new InvalidOperationException("NlpInference.sln not found above the test directory.")
                : Path.Combine(dir.FullName, "src", "Nlp.Client", "openapi.json");
        }
    }

    public static JsonObject Normalise(string json)
    {
        var document = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("The OpenAPI document is not a JSON object.");
        document.Remove("servers");
        return document;
    }

    public static string Format(JsonObject document) => document.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    /// <summary>The JSON pointer of the first place where the documents differ (for a readable failure), or null.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string pointer = "")
    {
        if (JsonNode.DeepEquals(expected, actual))
        {
            return null;
        }

        if (expected is JsonObject e && actual is JsonObject a)
        {
            foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                var path = pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                if (!e.ContainsKey(name) || !a.ContainsKey(name))
                {
                    return path + (e.ContainsKey(name) ? " (missing in the live document)" : " (new in the live document)");
                }

                if (FirstDifference(e[name], a[name], path) is { } inner)
                {
                    return inner;
                }
            }
        }

        if (expected is JsonArray ea && actual is JsonArray aa && ea.Count == aa.Count)
        {
            for (var i = 0; i < ea.Count; i++)
            {
                if (FirstDifference(ea[i], aa[i], $"{pointer}/{i}") is { } inner)
                {
                    return inner;
                }
            }
        }

        return pointer.Length == 0 ? "/" : pointer;
    }
}
