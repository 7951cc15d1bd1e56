using System.Text.Json.Nodes;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Every fixture tokenizer against what the real keras_preprocessing Tokenizer computed for the same probes.</summary>
public sealed class KerasTokenizerFixtureTests
{
    private const double Tolerance = 1e-6;

    private static readonly (string Name, TokenizerMatrixMode Mode)[] Modes =
    [
        ("binary", TokenizerMatrixMode.Binary),
        ("count", TokenizerMatrixMode.Count),
        ("tfidf", TokenizerMatrixMode.Tfidf),
        ("freq", TokenizerMatrixMode.Freq),
    ];

    public static TheoryData<string> Tokenizers => PickleFixtures.Column("tokenizers.json", "name");

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Loads_the_settings_Python_reported(string name)
    {
        var (tokenizer, expected) = Load(name);

        Assert.Equal(expected["num_words"]?.GetValue<int>(), tokenizer.NumWords);
        Assert.Equal(expected["oov_token"]?.GetValue<string>(), tokenizer.OovToken);
        Assert.Equal(expected["char_level"]!.GetValue<bool>(), tokenizer.CharLevel);
        Assert.Equal(expected["document_count"]!.GetValue<long>(), tokenizer.DocumentCount);
        Assert.Equal(expected["word_index_size"]!.GetValue<int>(), tokenizer.WordIndexCount);
        Assert.Equal(expected["matrix_width"]!.GetValue<int>(), tokenizer.MatrixWidth);
        Assert.Equal(expected["largest_id"]!.GetValue<int>(), tokenizer.LargestId);
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Sequences_equal_texts_to_sequences(string name)
    {
        var (tokenizer, expected) = Load(name);

        foreach (var probe in expected["probes"]!.AsArray())
        {
            var text = probe!["text"]!.GetValue<string>();
            var want = probe["sequence"]!.AsArray().Select(i => i!.GetValue<int>()).ToArray();
            Assert.True(want.SequenceEqual(tokenizer.TextToSequence(text)),
                $"{name}: sequence of '{text}' is [{string.Join(", ", tokenizer.TextToSequence(text))}], Keras [{string.Join(", ", want)}]");
        }
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Matrix_rows_equal_texts_to_matrix_in_every_mode(string name)
    {
        var (tokenizer, expected) = Load(name);
        var row = new float[tokenizer.MatrixWidth];

        foreach (var probe in expected["probes"]!.AsArray())
        {
            var text = probe!["text"]!.GetValue<string>();
            foreach (var (modeName, mode) in Modes)
            {
                var want = Dense(probe[modeName]!.AsArray(), tokenizer.MatrixWidth);
                tokenizer.TextToMatrixRow(text, mode, row);
                for (var j = 0; j < row.Length; j++)
                {
                    var tolerance = mode == TokenizerMatrixMode.Tfidf ? Tolerance * Math.Max(1, Math.Abs(want[j])) : Tolerance;
                    Assert.True(Math.Abs(row[j] - want[j]) <= tolerance,
                        $"{name}, {modeName}, '{text}': column {j} is {row[j]}, Keras {want[j]}");
                }
            }
        }
    }

    private static (KerasTokenizer Tokenizer, JsonNode Expected) Load(string name)
    {
        var entry = PickleFixtures.Entry("tokenizers.json", "name", name);
        var file = entry["file"]!.GetValue<string>();
        var tokenizer = KerasTokenizer.Load(PickleFixtures.Read(file), Path.GetFileName(file));
        return (tokenizer, PickleFixtures.Json(entry["expected"]!.GetValue<string>()));
    }

    private static double[] Dense(JsonArray sparse, int width)
    {
        var row = new double[width];
        foreach (var cell in sparse)
        {
            row[cell![0]!.GetValue<int>()] = cell[1]!.GetValue<double>();
        }

        return row;
    }
}
