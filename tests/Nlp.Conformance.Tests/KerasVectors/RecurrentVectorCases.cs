using System.Text.Json.Nodes;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>The (file, key) rows of the keras-vectors files, or one empty row that skips when shared is absent.</summary>
internal static class RecurrentVectorCases
{
    public static TheoryData<string, string> Of(params string[] files)
    {
        var rows = new TheoryData<string, string>();
        if (KerasVectorFiles.Directory is null)
        {
            rows.Add("", "");
            return rows;
        }

        foreach (var file in files)
        {
            foreach (var key in KerasVectorFiles.Vectors(file).Select(p => p.Key))
            {
                rows.Add(file, key);
            }
        }

        return rows;
    }

    /// <summary>Why a row is not run, or null when it should be (and must pass).</summary>
    public static string? SkipReason(JsonObject? model)
    {
        if (model is null)
        {
            return "no model in .models.json (hand-written vector)";
        }

        foreach (var layer in model["config"]!["layers"]!.AsArray())
        {
            var config = layer!["config"]!.AsObject();
            var inner = config["layer"]?["config"];
            if ((bool?)config["stateful"] == true || (bool?)inner?["stateful"] == true)
            {
                return "stateful layer: the vector was predicted twice carrying state, which a stateless server refuses";
            }
        }

        return null;
    }
}
