using Nlp.Infrastructure.Pickle;

namespace Nlp.Conformance.Tests;

/// <summary>The original service's own tokenizer and label encoder (<c>shared/seed/keras_small_talk_model</c>).</summary>
public sealed class SeedPickleTests
{
    private static string SeedFile(string name) =>
        Path.Combine(SharedDirectory.Require(), "seed", "keras_small_talk_model", name);

    [Fact]
    public void The_seed_tokenizer_loads_with_its_vocabulary_and_settings()
    {
        var tokenizer = KerasTokenizer.Load(File.ReadAllBytes(SeedFile("keras_smalltalk_tokenizer.pkl")), "keras_smalltalk_tokenizer.pkl");
        var expected = PickleExpectations.Document["seed"]!["tokenizer"]!;

        Assert.Equal(1590, tokenizer.WordIndexCount);
        Assert.Equal(1000, tokenizer.NumWords);
        Assert.Equal(1000, tokenizer.MatrixWidth);
        Assert.False(tokenizer.CharLevel);
        Assert.Null(tokenizer.OovToken);
        Assert.Equal(expected["document_count"]!.GetValue<long>(), tokenizer.DocumentCount);
    }

    [Fact]
    public void The_seed_tokenizer_vectorises_like_keras_preprocessing_in_every_mode()
    {
        var tokenizer = KerasTokenizer.Load(File.ReadAllBytes(SeedFile("keras_smalltalk_tokenizer.pkl")), "keras_smalltalk_tokenizer.pkl");

        foreach (var probe in PickleExpectations.Document["seed"]!["tokenizer"]!["probes"]!.AsArray())
        {
            PickleExpectations.AssertProbe(tokenizer, probe!, probe!["text"]!.GetValue<string>(), "seed tokenizer");
        }
    }

    [Fact]
    public void The_seed_label_encoder_has_its_six_classes()
    {
        var labels = LabelFileReader.ReadLabelEncoder(File.ReadAllBytes(SeedFile("keras_smalltalk_encoder.pkl")), "keras_smalltalk_encoder.pkl");
        var expected = PickleExpectations.Document["seed"]!["encoder"]!;

        Assert.Equal(6, labels.Count);
        Assert.Equal(expected["sha256"]!.GetValue<string>(), PickleExpectations.LabelsSha256(labels));
        Assert.All(labels, label => Assert.False(string.IsNullOrWhiteSpace(label)));
    }
}
