using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Conformance.Tests;

/// <summary>
/// <c>Fixtures/pickle_expectations.json</c>: numbers the real keras_preprocessing / scikit-learn computed from the
/// seed's and the corpus's pickles (written by <c>Fixtures/make_pickle_expectations.py</c>).
/// </summary>
internal static class PickleExpectations
{
    public static JsonNode Document { get; } = JsonNode.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pickle_expectations.json")))!;

    public static string LabelsSha256(IEnumerable<string> labels) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", labels))));

    /// <summary>Sequence and matrix rows of one probe (the modes it holds) against the tokenizer.</summary>
    public static void AssertProbe(KerasTokenizer tokenizer, JsonNode probe, string text, string context)
    {
        var sequence = probe["sequence"]!.AsArray().Select(index => index!.GetValue<int>()).ToArray();
        Assert.True(sequence.SequenceEqual(tokenizer.TextToSequence(text)),
            $"{context}: sequence of '{text}' is [{string.Join(", ", tokenizer.TextToSequence(text))}], Keras [{string.Join(", ", sequence)}]");

        var row = new float[tokenizer.MatrixWidth];
        foreach (var (name, mode) in new[]
                 {
                     ("binary", TokenizerMatrixMode.Binary), ("count", TokenizerMatrixMode.Count),
                     ("tfidf", TokenizerMatrixMode.Tfidf), ("freq", TokenizerMatrixMode.Freq),
                 })
        {
            if (probe[name] is not JsonArray sparse)
            {
                continue;
            }

            var expected = new double[row.Length];
            foreach (var cell in sparse)
            {
                expected[cell![0]!.GetValue<int>()] = cell[1]!.GetValue<double>();
            }

            tokenizer.TextToMatrixRow(text, mode, row);
            for (var j = 0; j < row.Length; j++)
            {
                Assert.True(Math.Abs(row[j] - expected[j]) <= 1e-6 * Math.Max(1, Math.Abs(expected[j])),
                    $"{context}, {name}, '{text}': column {j} is {row[j]}, Keras {expected[j]}");
            }
        }
    }
}
