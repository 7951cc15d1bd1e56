using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>
/// A recurrent layer keeps the states of a leading run of one repeated row (the padding in front of a short text)
/// and starts later sequences with that row from them: every output must equal what a layer that has kept nothing
/// computes for the same input (the reference: a fresh layer with the same weights), whatever came before. Equal
/// within 1e-6: the input projection of a row differs in the last bit between the kernel for a block of rows and
/// the one for a lone row, and skipping the run changes how many rows a sequence projects.
/// </summary>
public sealed class LeadingRunCacheTests
{
    private const int Vocabulary = 40;
    private const int Dimension = 5;
    private const float Tolerance = 1e-6f;

    public static TheoryData<string, string> Layers => new()
    {
        { "LSTM", """{"name": "lstm", "units": 3}""" },
        { "LSTM", """{"name": "lstm", "units": 3, "return_sequences": true}""" },
        { "LSTM", """{"name": "lstm", "units": 3, "go_backwards": true}""" },
        { "LSTM", """{"name": "lstm", "units": 3, "go_backwards": true, "return_sequences": true}""" },
        { "GRU", """{"name": "gru", "units": 3, "reset_after": false}""" },
        { "GRU", """{"name": "gru", "units": 3, "reset_after": true, "return_sequences": true}""" },
        { "SimpleRNN", """{"name": "rnn", "units": 3}""" },
        { "Bidirectional", """{"name": "bi", "merge_mode": "concat", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 3, "return_sequences": true}}}""" },
        { "Bidirectional", """{"name": "bi", "merge_mode": "sum", "layer": {"class_name": "GRU", "config": {"name": "gru", "units": 3, "reset_after": true}}}""" },
    };

    /// <summary>Token rows: pre-padded (runs of 9, 5, 14, 3 and 0 zeros), post-padded, and all padding.</summary>
    private static readonly float[][] Texts =
    [
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 3, 12, 5, 9, 1],
        [0, 0, 0, 0, 0, 4, 4, 8, 2, 6, 30, 11, 2, 5, 3],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 21],
        [0, 0, 0, 17, 4, 9, 1, 1, 1, 1, 1, 2, 8, 5, 6],
        [5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
        [7, 3, 12, 5, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];

    [Theory]
    [MemberData(nameof(Layers))]
    public void Every_output_equals_a_fresh_layers_alone_and_in_a_batch(string className, string config)
    {
        var network = new Network(className, config, seed: 3);
        var expected = Texts.Select(network.Reference).ToArray();

        // Twice over, so that the second pass starts every padded text from kept states.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < Texts.Length; i++)
            {
                AssertClose(expected[i], network.Run(Texts[i]));
            }
        }

        AssertClose([.. expected.SelectMany(e => e)], network.Run(Texts));
        AssertClose([.. expected.Reverse().SelectMany(e => e)], network.Run([.. Texts.Reverse()]));
    }

    [Fact]
    public void A_padded_text_starts_from_the_kept_states_of_its_padding()
    {
        var network = new Network("LSTM", """{"name": "lstm", "units": 3}""", seed: 5);
        var lstm = (RecurrentLayer)network.Layer;
        var padding = network.EmbeddingRow(0);
        Assert.Null(lstm.LeadingRuns.Find(padding));

        var expected = network.Run(Texts[0]);
        var kept = lstm.LeadingRuns.Find(padding);
        Assert.NotNull(kept);
        Assert.Equal(9, kept.Steps);

        // Kept states that were wrong would change the output: this is what the run starts from.
        Array.Clear(kept.States);
        Assert.NotEqual(expected, network.Run(Texts[0]), (a, b) => MathF.Abs(a - b) <= Tolerance);

        // A longer run (14 zeros) records what it steps beyond the 9 kept and keeps all 14.
        _ = network.Run(Texts[2]);
        Assert.Equal(14, lstm.LeadingRuns.Find(padding)!.Steps);
    }

    [Fact]
    public void Runs_shorter_than_the_minimum_and_masked_inputs_keep_nothing()
    {
        var network = new Network("LSTM", """{"name": "lstm", "units": 3}""", seed: 7);
        var lstm = (RecurrentLayer)network.Layer;
        _ = network.Run(Texts[3]);
        Assert.Null(lstm.LeadingRuns.Find(network.EmbeddingRow(0)));

        var masked = new Network("LSTM", """{"name": "lstm", "units": 3}""", seed: 7, maskZero: true);
        _ = masked.Run(Texts[0]);
        Assert.Null(((RecurrentLayer)masked.Layer).LeadingRuns.Find(masked.EmbeddingRow(0)));
    }

    [Fact]
    public void Texts_that_start_with_a_repeated_word_do_not_push_out_the_padding()
    {
        var network = new Network("GRU", """{"name": "gru", "units": 3, "reset_after": true}""", seed: 9);
        var gru = (RecurrentLayer)network.Layer;
        for (var i = 0; i < 10; i++)
        {
            _ = network.Run(Texts[0]);
        }

        // Full-length texts that each start with five of one word: every one is a different leading row.
        for (var word = 1; word < Vocabulary; word++)
        {
            float[] text = [word, word, word, word, word, 3, 8, 1, 2, 9, 4, 6, 7, 5, 10];
            AssertClose(network.Reference(text), network.Run(text));
        }

        Assert.NotNull(gru.LeadingRuns.Find(network.EmbeddingRow(0)));
        AssertClose(network.Reference(Texts[2]), network.Run(Texts[2]));
    }

    [Fact]
    public void Concurrent_calls_give_the_outputs_of_a_fresh_layer()
    {
        var network = new Network("LSTM", """{"name": "lstm", "units": 3}""", seed: 11);
        var random = new Random(13);
        var texts = Enumerable.Range(0, 200).Select(_ =>
        {
            var padding = random.Next(0, 15);
            return Enumerable.Range(0, 15).Select(t => t < padding ? 0f : random.Next(1, Vocabulary)).ToArray();
        }).ToArray();
        var expected = texts.Select(network.Reference).ToArray();

        var results = new float[texts.Length][];
        Parallel.For(0, texts.Length * 5, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i % texts.Length] = network.Run(texts[i % texts.Length]));

        for (var i = 0; i < texts.Length; i++)
        {
            AssertClose(expected[i], results[i]);
        }
    }

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 0)]
    public void A_run_is_counted_from_the_first_walked_step(bool backwards, int expected)
    {
        var cache = new LeadingRunCache(inputSize: 2, stateSize: 6);
        float[] rows = [1, 2, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4];
        Assert.Equal(expected, cache.RunLength(rows, steps: 6, backwards));
        Assert.Equal(0, cache.RunLength(rows.AsSpan(0, 6), steps: 3, backwards: false));
        float[] negativeZero = [0, 0, -0f, 0, 0, 0, 0, 0];
        Assert.Equal(0, cache.RunLength(negativeZero, steps: 4, backwards: false));
    }

    private static void AssertClose(float[] expected, float[] actual) =>
        Assert.Equal(expected, actual, (a, b) => MathF.Abs(a - b) <= Tolerance);

    /// <summary>Embedding (no mask unless asked) then the recurrent layer, with weights from a seed.</summary>
    private sealed class Network
    {
        private readonly Func<BuiltLayer> build;
        private readonly BuiltLayer embedding;
        private readonly float[] embeddings;

        public Network(string className, string config, int seed, bool maskZero = false)
        {
            var weights = TestLayers.Random(new Random(seed), "embeddings", Vocabulary, Dimension);
            embeddings = weights.Values;
            embedding = TestLayers.Build(
                "Embedding",
                $$"""{"name": "embedding", "input_dim": {{Vocabulary}}, "output_dim": {{Dimension}}, "mask_zero": {{(maskZero ? "true" : "false")}}}""",
                [null],
                weights);
            build = () => TestLayers.Recurrent(className, config, new Random(seed + 1), Dimension);
            Layer = build().Layer;
        }

        public ILayer Layer { get; }

        public float[] EmbeddingRow(int id) => embeddings.AsSpan(id * Dimension, Dimension).ToArray();

        public float[] Run(params float[][] texts) => Output(Layer, texts);

        /// <summary>The output of a layer built afresh, which has kept nothing.</summary>
        public float[] Reference(float[] text) => Output(build().Layer, [text]);

        private float[] Output(ILayer layer, float[][] texts)
        {
            var output = layer.Forward([embedding.Layer.Forward([TestLayers.Ids(texts)])]);
            return output.Data.AsSpan(0, output.Batch * output.SampleSize).ToArray();
        }
    }
}
