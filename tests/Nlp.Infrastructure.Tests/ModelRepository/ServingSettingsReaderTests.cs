using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>serving.yaml mapped key by key: every key of CONTRACT.md section 5, and refusals that name the key.</summary>
public sealed class ServingSettingsReaderTests
{
    [Fact]
    public void Every_key_is_read()
    {
        var settings = ServingSettingsReader.Parse("""
            architecture: model.json
            weights: w.h5
            tokenizer: tok.pkl
            encoder: enc.pkl
            output: dense_2
            labels: [greeting, "goodbye", 3]
            input:
              mode: sequences
              maxlen: 50
              padding: post
              truncating: post
              value: -1
            checks:
              - text: "hi there"
                label: greeting
                scores: [0.5, "0.25", 1e-3]
                tolerance: 0.0001
              - text: bye
            """);

        Assert.Equal("model.json", settings.Architecture);
        Assert.Equal("w.h5", settings.Weights);
        Assert.Equal("tok.pkl", settings.Tokenizer);
        Assert.Equal("enc.pkl", settings.Encoder);
        Assert.Equal("dense_2", settings.Output);
        Assert.Equal(["greeting", "goodbye", "3"], Assert.IsType<List<object>>(settings.Labels).Cast<string>());
        Assert.Equal("sequences", settings.Input.Mode);
        Assert.Equal(50, settings.Input.Maxlen);
        Assert.Equal("post", settings.Input.Padding);
        Assert.Equal("post", settings.Input.Truncating);
        Assert.Equal(-1f, settings.Input.Value);
        Assert.Equal(2, settings.Checks.Count);
        Assert.Equal("hi there", settings.Checks[0].Text);
        Assert.Equal("greeting", settings.Checks[0].Label);
        Assert.Equal([0.5f, 0.25f, 0.001f], settings.Checks[0].Scores!);
        Assert.Equal(0.0001f, settings.Checks[0].Tolerance);
        Assert.Equal("bye", settings.Checks[1].Text);
        Assert.Null(settings.Checks[1].Scores);
        Assert.Equal(0.01f, settings.Checks[1].Tolerance);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("input:\n")]
    public void Empty_documents_and_sections_give_the_defaults(string text)
    {
        var settings = ServingSettingsReader.Parse(text);

        Assert.Null(settings.Labels);
        Assert.Equal("count", settings.Input.Mode);
        Assert.Null(settings.Input.Maxlen);
        Assert.Equal("pre", settings.Input.Padding);
        Assert.Empty(settings.Checks);
    }

    [Fact]
    public void Plain_scalars_in_a_labels_list_are_names_and_quoted_ones_keep_their_spelling() =>
        Assert.Equal(["0", "true", "1.5", "1.50", "no"], Assert.IsType<List<object>>(ServingSettingsReader.Parse("labels: [0, true, 1.50, \"1.50\", no]\n").Labels).Cast<string>());

    [Fact]
    public void A_labels_file_name_is_a_string() =>
        Assert.Equal("labels.json", ServingSettingsReader.Parse("labels: labels.json\n").Labels);

    [Theory]
    [InlineData("wieghts: w.h5\n", "unknown key 'wieghts'")]
    [InlineData("input:\n  maxlength: 5\n", "unknown key 'input.maxlength'")]
    [InlineData("checks:\n  - txt: hi\n", "unknown key 'checks[0].txt'")]
    [InlineData("input:\n  maxlen: fifty\n", "'input.maxlen' must be an integer")]
    [InlineData("input:\n  maxlen: 2.5\n", "'input.maxlen' must be an integer")]
    [InlineData("input: [count]\n", "'input' must be a mapping")]
    [InlineData("checks:\n  - text: hi\n    scores: [0.5, high]\n", "'checks[0].scores[1]' must be a number")]
    [InlineData("checks: hi\n", "'checks' must be a list")]
    [InlineData("labels: {a: 1}\n", "'labels' must be a list of names or a file name")]
    [InlineData("labels: [a, [b]]\n", "'labels[1]' must be a single value")]
    [InlineData("weights: [a.h5, b.h5]\n", "'weights' must be a single value")]
    [InlineData("- just\n- a list\n", "'the document' must be a mapping")]
    [InlineData("input: {mode: count\n", "line")]
    public void Mistakes_are_refused_naming_the_key(string text, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => ServingSettingsReader.Parse(text));

        Assert.Equal("serving.yaml", error.FileName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_is_bounded() =>
        Assert.Throws<ModelFormatException>(() => ServingSettingsReader.Parse("input: " + new string('[', 100) + new string(']', 100) + "\n"));
}
