using System.Text.Json.Nodes;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// One reference input and output: a text (ours, or the index of an example text in provenance.json) with the ids
/// the real Tokenizer + pad_sequences gave, or ids alone, or float values of <see cref="Shape"/>.
/// </summary>
internal sealed record CorpusSample(int? ExampleText, string? Text, int[]? Ids, int[]? Shape, float[]? Values, double[] Output)
{
    /// <summary>The text of the sample: its own, or the example text of the folder's provenance.json.</summary>
    public string? ResolveText(string folderPath)
    {
        if (ExampleText is not { } index)
        {
            return Text;
        }

        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(folderPath, "provenance.json")))!;
        return provenance["example_texts"]![index]!.GetValue<string>();
    }

    public string Describe() => ExampleText is { } i ? $"example text {i}" : Text is { } t ? $"'{t}'" : Ids is not null ? "ids" : "floats";
}
