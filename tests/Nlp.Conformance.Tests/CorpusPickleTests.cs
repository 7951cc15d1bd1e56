using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Conformance.Tests;

/// <summary>Every tokenizer, label encoder and label list pickle of <c>shared/corpus</c>, against provenance.json and Python.</summary>
public sealed class CorpusPickleTests
{
    public static TheoryData<string> CorpusPickles =>
        [.. PickleExpectations.Document["corpus"]!.AsArray().Select(entry => $"{entry!["folder"]}/{entry["file"]}")];

    [Theory]
    [MemberData(nameof(CorpusPickles))]
    public void Loads_and_matches_provenance_and_python(string folderAndFile)
    {
        var folder = Path.Combine(SharedDirectory.Require(), "corpus", Path.GetDirectoryName(folderAndFile)!);
        var file = Path.GetFileName(folderAndFile);
        var expected = PickleExpectations.Document["corpus"]!.AsArray()
            .Single(entry => $"{entry!["folder"]}/{entry["file"]}" == folderAndFile)!;
        var provenance = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "provenance.json")))!;
        var verification = provenance["verification"]?[file];
        var bytes = File.ReadAllBytes(Path.Combine(folder, file));

        switch (expected["kind"]!.GetValue<string>())
        {
            case "tokenizer":
                AssertTokenizer(KerasTokenizer.Load(bytes, file), expected, provenance, verification!["tokenizer"]!, folderAndFile);
                break;
            case "encoder":
                AssertLabels(LabelFileReader.ReadLabelEncoder(bytes, file), expected, provenance, verification);
                break;
            default:
                AssertLabels(LabelFileReader.ReadLabelList(bytes, file), expected, provenance, verification);
                break;
        }
    }

    private static void AssertTokenizer(KerasTokenizer tokenizer, JsonNode expected, JsonNode provenance, JsonNode verified, string context)
    {
        Assert.Equal(verified["vocab"]!.GetValue<int>(), tokenizer.WordIndexCount);
        Assert.Equal(verified["num_words"]?.GetValue<int>(), tokenizer.NumWords);
        Assert.Equal(verified["oov_token"]?.GetValue<string>(), tokenizer.OovToken);
        Assert.Equal(verified["char_level"]!.GetValue<bool>(), tokenizer.CharLevel);
        Assert.Equal(verified["document_count"]!.GetValue<long>(), tokenizer.DocumentCount);
        Assert.Equal(expected["matrix_width"]!.GetValue<int>(), tokenizer.MatrixWidth);

        var examples = provenance["example_texts"]?.AsArray();
        foreach (var probe in expected["probes"]!.AsArray())
        {
            var text = probe!["example_text"] is { } index
                ? examples![index.GetValue<int>()]!.GetValue<string>()
                : probe["text"]!.GetValue<string>();
            PickleExpectations.AssertProbe(tokenizer, probe, text, context);
        }
    }

    private static void AssertLabels(IReadOnlyList<string> labels, JsonNode expected, JsonNode provenance, JsonNode? verified)
    {
        Assert.Equal(expected["count"]!.GetValue<int>(), labels.Count);
        Assert.Equal(expected["sha256"]!.GetValue<string>(), PickleExpectations.LabelsSha256(labels));
        if (verified?["n_classes"] is { } count)
        {
            Assert.Equal(count.GetValue<int>(), labels.Count);
            var first = verified["classes_first"]!.AsArray().Select(label => label!.GetValue<string>()).ToArray();
            Assert.Equal(first, labels.Take(first.Length));
        }
        else
        {
            // joblib encoders and plain lists: provenance gives the count in prose ("15 classes", "10 intent tags").
            var described = provenance["labels"]!.GetValue<string>();
            var stated = Regex.Match(described, @"\b(\d+) (?:\w+ )?(?:classes|tags)\b");
            Assert.True(stated.Success, $"provenance does not say how many labels: {described}");
            Assert.Equal(int.Parse(stated.Groups[1].Value, CultureInfo.InvariantCulture), labels.Count);
        }
    }
}
