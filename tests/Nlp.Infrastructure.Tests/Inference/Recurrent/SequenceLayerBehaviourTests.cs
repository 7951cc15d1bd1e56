using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>Behaviours pinned outside the numpy fixtures: input errors at prediction time, dialects, activations, thread safety.</summary>
public sealed class SequenceLayerBehaviourTests
{
    [Theory]
    [InlineData(5f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void Embedding_id_outside_the_vocabulary_throws_naming_the_layer(float id)
    {
        var embedding = TestLayers.Build("Embedding", """{"name": "emb", "input_dim": 5, "output_dim": 2}""", [3], TestLayers.Random(new Random(1), "e", 5, 2));

        var error = Assert.Throws<LayerInputException>(() => embedding.Layer.Forward([TestLayers.Ids([1, id, 2])]));

        Assert.Equal("emb", error.LayerName);
        Assert.Contains("outside [0, 5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedding_truncates_float_ids_toward_zero_and_masks_on_the_raw_value()
    {
        var table = new WeightArray("e", [3, 1], [10f, 20f, 30f]);
        var embedding = TestLayers.Build("Embedding", """{"name": "emb", "input_dim": 3, "output_dim": 1, "mask_zero": true}""", [4], table);

        var output = embedding.Layer.Forward([TestLayers.Ids([2.9f, 0f, -0.5f, 1f])]);

        Assert.Equal([30f, 10f, 10f, 20f], output.Data);
        Assert.Equal<bool[]>([true, false, true, true], output.Mask);
    }

    [Fact]
    public void CuDnn_layer_refuses_a_masked_input_as_keras_does()
    {
        var random = new Random(2);
        var layer = TestLayers.Build("CuDNNGRU", """{"name": "cu", "units": 2}""", [null, 3], TestLayers.Random(random, "k", 3, 6), TestLayers.Random(random, "r", 2, 6), TestLayers.Random(random, "b", 12));
        var input = new Tensor(1, [2, 3], new float[6], [true, false]);

        var error = Assert.Throws<LayerInputException>(() => layer.Layer.Forward([input]));

        Assert.Contains("masking is not supported", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"units": 2, "time_major": false}""", "TfKeras")]
    [InlineData("""{"units": 2, "seed": null, "zero_output_for_mask": false}""", "Keras3")]
    [InlineData("""{"units": 2, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}""", "Keras3")]
    [InlineData("""{"units": 2, "dtype": "float32", "implementation": 1}""", "Keras2")]
    public void Dialect_is_read_from_the_keys_each_keras_writes(string config, string expected) =>
        Assert.Equal(Enum.Parse<KerasDialect>(expected), KerasDialects.Of(JsonNode.Parse(config)!.AsObject()));

    [Theory]
    [InlineData("Keras2", 1f, 0.7f)]
    [InlineData("TfKeras", 1f, 0.7f)]
    [InlineData("Keras3", 1f, 0.6666667f)]
    [InlineData("Keras2", 3f, 1f)]
    [InlineData("Keras3", -2.9f, 0.016666668f)]
    public void Hard_sigmoid_follows_the_keras_that_wrote_the_config(string dialect, float x, float expected)
    {
        // A context without a Keras version (built outside NetworkBuilder): the layer falls back to its config's keys.
        var output = OneUnitRnn(DialectConfig(dialect, "hard_sigmoid"), kerasMajorVersion: null, x);

        Assert.Equal(expected, output, 1e-6f);
    }

    [Theory]
    [InlineData("Keras2", 3)]
    [InlineData("TfKeras", 3)]
    [InlineData("Keras3", 2)]
    public void Hard_sigmoid_follows_the_model_version_over_the_config_keys(string dialect, int kerasMajorVersion)
    {
        var output = OneUnitRnn(DialectConfig(dialect, "hard_sigmoid"), kerasMajorVersion, 1f);

        Assert.Equal(kerasMajorVersion == 3 ? 0.6666667f : 0.7f, output, 1e-6f);
    }

    [Fact]
    public void Activation_given_as_a_keras3_function_object_or_null_is_read()
    {
        var config = JsonNode.Parse("""{"activation": {"module": "keras.activations", "class_name": "function", "config": "relu", "registered_name": "function"}, "recurrent_activation": null}""")!.AsObject();

        Assert.Equal("relu", KerasActivation.NameOf(config["activation"]));
        Assert.Equal("linear", KerasActivation.NameOf(config["recurrent_activation"]));
        Assert.Equal(2f, OneUnitRnn("""{"activation": {"class_name": "function", "config": "relu"}}""", 2, 2f), 1e-6f);
        Assert.Equal(-2f, OneUnitRnn("""{"activation": null}""", 2, -2f), 1e-6f);
        Assert.Equal(MathF.Tanh(0.5f), OneUnitRnn("{}", 2, 0.5f), 1e-6f);
    }

    [Fact]
    public void Masking_replaces_masked_steps_by_zeros_and_emits_the_mask()
    {
        var masking = TestLayers.Build("Masking", """{"name": "m", "mask_value": -1.0}""", [3, 2]);
        var input = new Tensor(1, [3, 2], [1f, -1f, -1f, -1f, 0f, 2f]);

        var output = masking.Layer.Forward([input]);

        Assert.Equal([1f, -1f, 0f, 0f, 0f, 2f], output.Data);
        Assert.Equal<bool[]>([true, false, true], output.Mask);
    }

    [Fact]
    public void Fully_masked_average_is_nan_as_in_keras()
    {
        var pooling = TestLayers.Build("GlobalAveragePooling1D", """{"name": "gap"}""", [2, 1]);
        var input = new Tensor(1, [2, 1], [1f, 2f], [false, false]);

        var output = pooling.Layer.Forward([input]);

        Assert.True(float.IsNaN(output.Data[0]));
        Assert.Null(output.Mask);
    }

    [Fact]
    public void Parallel_calls_on_one_layer_give_the_sequential_results()
    {
        var fixture = RecurrentFixtureCases.Get("bidirectional_lstm_keras2_sequences");
        var layers = SequenceChain.Build(fixture);
        var input = SequenceChain.Input(fixture);
        var expected = SequenceChain.Run(layers, input).Data;

        var results = new float[64][];
        Parallel.For(0, results.Length, i => results[i] = SequenceChain.Run(layers, input).Data);

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static string DialectConfig(string dialect, string activation) => dialect switch
    {
        "Keras2" => $$"""{"implementation": 1, "activation": "{{activation}}"}""",
        "TfKeras" => $$"""{"time_major": false, "activation": "{{activation}}"}""",
        _ => $$"""{"seed": null, "zero_output_for_mask": false, "activation": "{{activation}}"}""",
    };

    /// <summary>A SimpleRNN of one unit, kernel 1, no recurrence and no bias: its output is activation(x).</summary>
    private static float OneUnitRnn(string configJson, int? kerasMajorVersion, float x)
    {
        var config = JsonNode.Parse(configJson)!.AsObject();
        config["units"] = 1;
        config["use_bias"] = false;
        var context = TestLayers.Context("SimpleRNN", config.ToJsonString(), [1, 1], new WeightArray("k", [1, 1], [1f]), new WeightArray("r", [1, 1], [0f]));
        if (kerasMajorVersion is { } major)
        {
            context = context with { KerasMajorVersion = major };
        }

        var layer = SequenceChain.Factory("SimpleRNN").Create(context).Layer;
        return layer.Forward([new Tensor(1, [1, 1], [x])]).Data[0];
    }
}
