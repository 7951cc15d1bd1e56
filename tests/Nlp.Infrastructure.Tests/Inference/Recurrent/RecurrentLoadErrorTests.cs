using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>Unsupported options and weights that do not fit are load errors naming the file, the layer, the class and the reason.</summary>
public sealed class RecurrentLoadErrorTests
{
    private static readonly Random Seeded = new(3);

    [Fact]
    public void Missing_weight_names_layer_class_and_count()
    {
        var error = Refused("LSTM", """{"name": "lstm_7", "units": 2}""", [null, 3], W("kernel", 3, 8), W("recurrent_kernel", 2, 8));

        Assert.Equal("model.h5", error.FileName);
        Assert.Contains("layer 'lstm_7' (LSTM)", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 3 weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weight_of_the_wrong_shape_names_the_weight_and_both_shapes()
    {
        var error = Refused("GRU", """{"name": "gru_2", "units": 2, "reset_after": true}""", [null, 3], W("gru_2/kernel:0", 3, 6), W("gru_2/recurrent_kernel:0", 2, 6), W("gru_2/bias:0", 6 + 1));

        Assert.Contains("layer 'gru_2' (GRU)", error.Message, StringComparison.Ordinal);
        Assert.Contains("gru_2/bias:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("[7]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 6]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_that_does_not_fit_the_input_features_is_refused()
    {
        var error = Refused("SimpleRNN", """{"name": "rnn", "units": 2}""", [5, 4], W("kernel", 3, 2), W("recurrent_kernel", 2, 2), W("bias", 2));

        Assert.Contains("layer 'rnn' (SimpleRNN)", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [4, 2]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "l", "units": 2, "stateful": true}""", "stateful")]
    [InlineData("""{"name": "l", "units": 2, "time_major": true}""", "time_major")]
    [InlineData("""{"name": "l", "units": 2, "activation": "gelu"}""", "activation 'gelu'")]
    [InlineData("""{"name": "l", "units": 2, "recurrent_activation": "mystery"}""", "recurrent_activation 'mystery'")]
    [InlineData("""{"name": "l"}""", "units")]
    [InlineData("""{"name": "l", "units": "two"}""", "'units'")]
    public void Unsupported_lstm_options_are_refused_with_the_reason(string config, string reason)
    {
        var error = Refused("LSTM", config, [null, 3], W("kernel", 3, 8), W("recurrent_kernel", 2, 8), W("bias", 8));

        Assert.Contains("layer 'l' (LSTM)", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "bi", "merge_mode": null, "layer": {"class_name": "LSTM", "config": {"units": 2}}}""", "merge_mode None")]
    [InlineData("""{"name": "bi", "merge_mode": "max", "layer": {"class_name": "LSTM", "config": {"units": 2}}}""", "merge_mode 'max'")]
    [InlineData("""{"name": "bi", "layer": {"class_name": "ConvLSTM1D", "config": {"units": 2}}}""", "wraps ConvLSTM1D")]
    [InlineData("""{"name": "bi", "layer": {"class_name": "LSTM", "config": {"units": 2, "stateful": true}}}""", "stateful")]
    public void Unsupported_bidirectional_options_are_refused(string config, string reason)
    {
        var weights = new[] { W("k", 3, 8), W("r", 2, 8), W("b", 8), W("k", 3, 8), W("r", 2, 8), W("b", 8) };

        var error = Refused("Bidirectional", config, [null, 3], weights);

        Assert.Contains("layer 'bi", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bidirectional_weight_count_names_both_directions()
    {
        var error = Refused("Bidirectional", """{"name": "bi", "layer": {"class_name": "LSTM", "config": {"units": 2}}}""", [null, 3], W("k", 3, 8), W("r", 2, 8), W("b", 8));

        Assert.Contains("expected 6 weights (3 for the forward LSTM, then 3 for the backward LSTM), found 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TimeDistributed_of_an_unsupported_layer_is_refused_by_name()
    {
        var error = Refused("TimeDistributed", """{"name": "td", "layer": {"class_name": "Conv2D", "config": {"filters": 2}}}""", [null, 4, 4, 2], W("k", 3, 3, 2, 2), W("b", 2));

        Assert.Contains("layer 'td' (TimeDistributed)", error.Message, StringComparison.Ordinal);
        Assert.Contains("wraps Conv2D", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Channels_first_pooling_is_refused()
    {
        var error = Refused("GlobalAveragePooling1D", """{"name": "gap", "data_format": "channels_first"}""", [5, 3]);

        Assert.Contains("layer 'gap' (GlobalAveragePooling1D)", error.Message, StringComparison.Ordinal);
        Assert.Contains("channels_first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_with_mask_zero_on_a_two_dimensional_input_is_refused()
    {
        var error = Refused("Embedding", """{"name": "emb", "input_dim": 4, "output_dim": 2, "mask_zero": true}""", [3, 2], W("e", 4, 2));

        Assert.Contains("layer 'emb' (Embedding)", error.Message, StringComparison.Ordinal);
        Assert.Contains("mask_zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_table_of_the_wrong_shape_is_refused()
    {
        var error = Refused("Embedding", """{"name": "emb", "input_dim": 4, "output_dim": 2}""", [3], W("emb/embeddings:0", 5, 2));

        Assert.Contains("emb/embeddings:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [4, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recurrent_layer_with_initial_state_inputs_is_refused()
    {
        var context = TestLayers.Context("GRU", """{"name": "gru", "units": 2}""", [null, 3], W("k", 3, 6), W("r", 2, 6), W("b", 6)) with
        {
            InputShapes = [[null, 3], [2]],
        };

        var error = Assert.Throws<ModelFormatException>(() => SequenceChain.Factory("GRU").Create(context));

        Assert.Contains("initial states", error.Message, StringComparison.Ordinal);
    }

    private static ModelFormatException Refused(string className, string config, int?[] input, params WeightArray[] weights) =>
        Assert.Throws<ModelFormatException>(() => TestLayers.Build(className, config, input, weights));

    private static WeightArray W(string name, params int[] shape) => TestLayers.Random(Seeded, name, shape);
}
