using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>
/// With Embedding(mask_zero), padding must not change a recurrent layer's last output: Keras keeps the state over
/// masked steps and repeats the previous output, so pre- and post-padded sequences equal the unpadded one.
/// </summary>
public sealed class RecurrentPaddingTests
{
    private const int Vocabulary = 10;
    private const int Dimension = 4;

    public static TheoryData<string, string> Layers => new()
    {
        { "LSTM", """{"name": "lstm", "units": 3, "activation": "tanh", "recurrent_activation": "hard_sigmoid"}""" },
        { "GRU", """{"name": "gru", "units": 3, "reset_after": false}""" },
        { "GRU", """{"name": "gru", "units": 3, "reset_after": true, "recurrent_activation": "sigmoid", "time_major": false}""" },
        { "SimpleRNN", """{"name": "rnn", "units": 3}""" },
        { "LSTM", """{"name": "lstm", "units": 3, "go_backwards": true}""" },
        { "Bidirectional", """{"name": "bi", "merge_mode": "concat", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 3}}}""" },
        { "Bidirectional", """{"name": "bi", "merge_mode": "sum", "layer": {"class_name": "GRU", "config": {"name": "gru", "units": 3, "reset_after": true, "time_major": false}}}""" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void Pre_and_post_padding_with_mask_equal_the_unpadded_sequence(string className, string config)
    {
        var random = new Random(7);
        var embedding = TestLayers.Build(
            "Embedding",
            $$"""{"name": "embedding", "input_dim": {{Vocabulary}}, "output_dim": {{Dimension}}, "mask_zero": true}""",
            [null],
            TestLayers.Random(random, "embeddings", Vocabulary, Dimension));
        var layer = BuildRecurrent(className, config, random);

        float[] Last(params float[] ids) =>
            layer.Layer.Forward([embedding.Layer.Forward([TestLayers.Ids(ids)])]).Data;

        var unpadded = Last(3, 7, 2, 9);
        var prePadded = Last(0, 0, 0, 3, 7, 2, 9);
        var postPadded = Last(3, 7, 2, 9, 0, 0);

        Assert.Equal(unpadded, prePadded, (a, b) => MathF.Abs(a - b) <= 1e-6f);
        Assert.Equal(unpadded, postPadded, (a, b) => MathF.Abs(a - b) <= 1e-6f);
        Assert.NotEqual(unpadded, Last(3, 7, 2, 9, 1), (a, b) => MathF.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void Batched_padded_rows_equal_rows_run_alone()
    {
        var random = new Random(11);
        var embedding = TestLayers.Build(
            "Embedding",
            $$"""{"name": "embedding", "input_dim": {{Vocabulary}}, "output_dim": {{Dimension}}, "mask_zero": true}""",
            [null],
            TestLayers.Random(random, "embeddings", Vocabulary, Dimension));
        var lstm = BuildRecurrent("LSTM", """{"name": "lstm", "units": 3, "return_sequences": true}""", random);
        Tensor Run(Tensor ids) => lstm.Layer.Forward([embedding.Layer.Forward([ids])]);

        var batch = Run(TestLayers.Ids([0, 0, 4, 5], [1, 2, 3, 0]));
        var first = Run(TestLayers.Ids([0, 0, 4, 5]));
        var second = Run(TestLayers.Ids([1, 2, 3, 0]));

        Assert.Equal([.. first.Data, .. second.Data], batch.Data);
        Assert.Equal<bool[]>([false, false, true, true, true, true, true, false], batch.Mask);
    }

    private static BuiltLayer BuildRecurrent(string className, string config, Random random) =>
        TestLayers.Recurrent(className, config, random, Dimension);
}
