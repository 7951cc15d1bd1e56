using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>Models built from Keras-layout fixtures give the numpy forward pass within 1e-5.</summary>
public sealed class NetworkBuilderTests
{
    [Theory]
    [InlineData("seq_dense.json", "seq_dense.weights.h5", "seq_dense.cases.json")]
    [InlineData("seq_dense.yaml", "seq_dense.weights.h5", "seq_dense.cases.json")]
    [InlineData("seq_dense.yaml", "seq_dense.full.h5", "seq_dense.cases.json")]
    [InlineData("seq_dense.json", "seq_dense.f16.h5", "seq_dense.f16.cases.json")]
    [InlineData("seq_dense.json", "seq_dense.f64.h5", "seq_dense.f64.cases.json")]
    [InlineData("seq_rank3.json", "seq_rank3.h5", "seq_rank3.cases.json")]
    [InlineData("func_k3.json", "func_k3.weights.h5", "func_k3.cases.json")]
    [InlineData("func_k3.json", "func_k3.legacy.h5", "func_k3.cases.json")]
    [InlineData("seq_k3.json", "seq_k3.weights.h5", "func_k3.cases.json")]
    [InlineData("seq_k3.json", "seq_k3.legacy.h5", "func_k3.cases.json")]
    public void Forward_matches_numpy(string architecture, string weights, string cases)
    {
        var network = EngineFixtures.Build(architecture, weights);

        foreach (var item in EngineFixtures.Json(cases)["cases"]!.AsArray())
        {
            var batch = item!["batch"]!.GetValue<int>();
            var output = network.Forward(EngineFixtures.Floats(item["input"]), batch);
            EngineFixtures.AssertClose(EngineFixtures.Floats(item["expected"]), output, 1e-5);
            Assert.Equal(item["expected_shape"]!.AsArray().Select(d => (int?)d!.GetValue<int>()), network.OutputShape);
        }
    }

    [Fact]
    public void A_full_model_file_alone_is_enough()
    {
        var weights = EngineFixtures.Weights("seq_dense.full.h5");
        var architecture = ArchitectureReader.Parse(weights.ModelConfigJson!, weights.FileName);
        var network = NetworkBuilder.Default.Build(architecture, weights, weights.FileName);
        var item = EngineFixtures.Json("seq_dense.cases.json")["cases"]![0]!;

        var output = network.Forward(EngineFixtures.Floats(item["input"]), item["batch"]!.GetValue<int>());

        EngineFixtures.AssertClose(EngineFixtures.Floats(item["expected"]), output, 1e-5);
    }

    [Fact]
    public void The_network_describes_itself()
    {
        var network = EngineFixtures.Build("seq_dense.yaml", "seq_dense.weights.h5");

        Assert.Equal([20], network.InputShape);
        Assert.Equal(6, network.OutputWidth);
        Assert.Equal((20 * 16) + 16 + (16 * 12) + 12 + (12 * 6) + 6, network.ParameterCount);
        Assert.Equal(["dense_1_input", "dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"], network.Layers.Select(l => l.Name));
        Assert.Equal("(None, 12)", network.Layers[3].OutputShapeText);
        Assert.Equal(204, network.Layers[3].ParameterCount);
        Assert.Equal("Dropout", network.Layers[4].ClassName);
    }

    [Fact]
    public void A_functional_graph_runs_shared_layers_once_per_call_and_merges_inputs()
    {
        var registry = new LayerRegistry([.. BasicLayerFactories.All, new TestAddLayerFactory()]);
        var network = EngineFixtures.Build("func_shared.json", "func_shared.h5", registry);
        var cases = EngineFixtures.Json("func_shared.cases.json");
        var batch = cases["batch"]!.GetValue<int>();
        Tensor[] inputs = [new(batch, [8], EngineFixtures.Floats(cases["input_1"])), new(batch, [8], EngineFixtures.Floats(cases["input_2"]))];

        var first = network.Forward(inputs);
        var named = network.Forward(inputs, "activation_1");
        var all = network.ForwardAll(inputs);

        EngineFixtures.AssertClose(EngineFixtures.Floats(cases["dense_out"]), first.Data, 1e-5);
        EngineFixtures.AssertClose(EngineFixtures.Floats(cases["activation_1"]), named.Data, 1e-5);
        Assert.Equal(["dense_out", "activation_1"], network.OutputNames);
        Assert.Equal(first.Data, all[0].Data);
        Assert.Equal((8 * 5) + 5 + (5 * 3) + 3, network.ParameterCount);
        Assert.Equal(3, network.OutputWidth);
    }

    [Fact]
    public void A_kernel_of_the_wrong_shape_names_the_layer_and_the_weights_file()
    {
        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Build("seq_dense.json", "seq_dense.wrong_kernel.h5"));

        Assert.Equal("seq_dense.wrong_kernel.h5", error.FileName);
        Assert.Contains("layer 'dense_2' (Dense)", error.Message, StringComparison.Ordinal);
        Assert.Contains("[15, 12]", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [16, 12]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_missing_from_the_weights_file_is_named_with_both_counts()
    {
        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Build("seq_dense.json", "seq_dense.missing_layer.h5"));

        Assert.Equal("seq_dense.missing_layer.h5", error.FileName);
        Assert.Contains("weights for 2 layers", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 layers with weights", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dense_3'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_layer_in_the_weights_file_is_named()
    {
        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Build("seq_dense.json", "seq_dense.extra_layer.h5"));

        Assert.Equal("seq_dense.extra_layer.h5", error.FileName);
        Assert.Contains("weights for 4 layers", error.Message, StringComparison.Ordinal);
        Assert.Contains("'dense_4'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lambda_layer_is_refused_naming_the_layer_and_its_class()
    {
        var error = Assert.Throws<ModelFormatException>(() => EngineFixtures.Build("lambda.json", "seq_dense.weights.h5"));

        Assert.Equal("lambda.json", error.FileName);
        Assert.Equal("layer 'lambda_1' has class 'Lambda', which is not supported", error.Message);
    }

    [Fact]
    public void Keras3_weights_with_a_layer_that_the_model_lacks_are_refused()
    {
        var architecture = EngineFixtures.Architecture("seq_k3.json");
        var stored = EngineFixtures.Weights("seq_k3.weights.h5");
        var extra = stored with { Layers = [.. stored.Layers, new LayerWeights("dense_2", stored.Layers[0].Weights)] };

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, extra, "seq_k3.json"));
        Assert.Equal("seq_k3.weights.h5", error.FileName);
        Assert.Contains("'layers/dense_2'", error.Message, StringComparison.Ordinal);

        var missing = stored with { Layers = [.. stored.Layers.Where(l => l.Name != "dense_1")] };
        error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, missing, "seq_k3.json"));
        Assert.Contains("no weights for layer 'dense_1' (Dense)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keras3_class_keys_are_snake_case_as_keras_names_them()
    {
        Assert.Equal("dense", LayerWeightMatcher.SnakeCase("Dense"));
        Assert.Equal("input_layer", LayerWeightMatcher.SnakeCase("InputLayer"));
        Assert.Equal("lstm", LayerWeightMatcher.SnakeCase("LSTM"));
        Assert.Equal("global_average_pooling1d", LayerWeightMatcher.SnakeCase("GlobalAveragePooling1D"));
        Assert.Equal("conv1d", LayerWeightMatcher.SnakeCase("Conv1D"));
        Assert.Equal("attention_layer", LayerWeightMatcher.SnakeCase("AttentionLayer"));
    }

    [Fact]
    public void Wrong_input_sizes_are_argument_errors()
    {
        var network = EngineFixtures.Build("seq_dense.json", "seq_dense.weights.h5");

        Assert.Throws<ArgumentException>(() => network.Forward(new float[19], 1));
        Assert.Throws<ArgumentException>(() => network.Forward(new float[40], 3));
        Assert.Throws<ArgumentException>(() => network.Forward(new Tensor(1, [21], new float[21])));
        Assert.Equal(12, network.Forward(new float[40], 2).Length);
    }

    [Fact]
    public void Concurrent_calls_give_the_same_results()
    {
        var network = EngineFixtures.Build("seq_dense.json", "seq_dense.weights.h5");
        var item = EngineFixtures.Json("seq_dense.cases.json")["cases"]![1]!;
        var input = EngineFixtures.Floats(item["input"]);
        var expected = network.Forward(input, 4);

        Parallel.For(0, 200, _ => Assert.Equal(expected, network.Forward(input, 4)));
    }

    [Fact]
    public void A_registry_refuses_two_factories_for_one_class()
    {
        Assert.Throws<InvalidOperationException>(() => new LayerRegistry([.. BasicLayerFactories.All, new DenseLayerFactory()]));
        Assert.True(LayerRegistry.Default.TryGet("Dense", out _));
        Assert.False(LayerRegistry.Default.TryGet("Lambda", out _));
    }

    [Fact]
    public void Dense_skips_zero_inputs_without_changing_results()
    {
        float[] kernel = [1, 2, 3, 4, 5, 6];
        var layer = new DenseLayer("d", 3, 2, kernel, [0.5f, -0.5f], Nlp.Infrastructure.Inference.Activations.KerasActivation.Linear);

        var output = layer.Forward([new Tensor(2, [3], [0, 2, 0, 1, 0, -1])]);

        Assert.Equal([6.5f, 7.5f, -3.5f, -4.5f], output.Data);
        Assert.Equal([2], output.Shape);
    }

    [Fact]
    public void Unsupported_dense_options_and_bad_configs_name_the_architecture_file()
    {
        var architecture = EngineFixtures.Architecture("seq_dense.json");
        var dense = architecture.Layers[1].Config;
        dense["activation"] = "my_activation";
        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, EngineFixtures.Weights("seq_dense.weights.h5"), "seq_dense.json"));
        Assert.Equal("seq_dense.json", error.FileName);
        Assert.Contains("layer 'dense_1' (Dense)", error.Message, StringComparison.Ordinal);
        Assert.Contains("my_activation", error.Message, StringComparison.Ordinal);

        dense["activation"] = "relu";
        dense["units"] = JsonValue.Create("many");
        error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, EngineFixtures.Weights("seq_dense.weights.h5"), "seq_dense.json"));
        Assert.Contains("units", error.Message, StringComparison.Ordinal);
    }
}
