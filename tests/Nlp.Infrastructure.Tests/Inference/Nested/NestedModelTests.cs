using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Tests.Inference.Nested;

/// <summary>
/// Models that use models as layers, in Keras 2 save_weights(), tf.keras model.save(), Keras 3 .weights.h5 and
/// Keras 3 legacy .h5 layouts, give the outputs of the numpy reference (nested_reference.py) within 1e-5, masks
/// crossing the nested models' boundaries included.
/// </summary>
public sealed class NestedModelTests
{
    [Theory]
    [InlineData("k2_functional.json", "k2_functional.h5", "k2_functional.cases.json")]
    [InlineData("k2_shared.json", "k2_shared.h5", "k2_shared.cases.json")]
    [InlineData("k2_nested_functional.json", "k2_nested_functional.h5", "k2_nested_functional.cases.json")]
    [InlineData(null, "tf_seq.h5", "tf_seq.cases.json")]
    [InlineData("k3_functional.json", "k3_functional.weights.h5", "k3_functional.cases.json")]
    [InlineData("k3_functional.json", "k3_functional.legacy.h5", "k3_functional.cases.json")]
    public void Forward_matches_the_keras_reference(string? architecture, string weights, string cases)
    {
        var network = NestedFixtures.Build(architecture, weights);

        foreach (var item in EngineFixtures.Json(System.IO.Path.Combine("..", "Nested", cases))["cases"]!.AsArray())
        {
            var batch = item!["batch"]!.GetValue<int>();
            var output = network.Forward(EngineFixtures.Floats(item["input"]), batch);
            EngineFixtures.AssertClose(EngineFixtures.Floats(item["expected"]), output, 1e-5);
            Assert.Equal(item["expected_shape"]!.AsArray().Select(d => (int?)d!.GetValue<int>()), network.OutputShape);
        }
    }

    [Fact]
    public void The_summary_lists_the_nested_models_layers_under_the_models_name()
    {
        var network = NestedFixtures.Build("k2_functional.json", "k2_functional.h5");

        Assert.Equal(["input_1", "sequential_1/embedding_1", "sequential_1/lstm_1", "dense_1"], network.Layers.Select(l => l.Name));
        Assert.Equal(["Embedding", "LSTM"], network.Layers.Skip(1).Take(2).Select(l => l.ClassName));
        Assert.Equal((30 * 8) + (8 * 24) + (6 * 24) + 24 + (6 * 4) + 4, network.ParameterCount);
        Assert.Equal(["dense_1"], network.OutputNames);
    }

    [Fact]
    public void Doubly_nested_models_are_named_by_their_path()
    {
        var network = NestedFixtures.Build(null, "tf_seq.h5");

        Assert.Equal(
            ["sequential_input", "sequential/embedding", "sequential/sequential_2/dense", "sequential/sequential_2/batch_normalization", "lstm", "dense_1"],
            network.Layers.Select(l => l.Name));
    }

    [Fact]
    public void A_nested_model_called_twice_shares_its_weights()
    {
        var file = NestedFixtures.Weights("k2_shared.h5");
        var network = NestedFixtures.Build("k2_shared.json", "k2_shared.h5");

        Assert.Single(network.Layers, l => l.Name == "sequential_2/dense_2");
        Assert.Equal(file.ValueCount, network.ParameterCount);
    }

    [Fact]
    public void A_nested_model_can_be_the_output_and_keeps_its_name()
    {
        var weights = NestedFixtures.Weights("k2_functional.h5");
        var architecture = NestedFixtures.Architecture("k2_functional.json", weights) with { Outputs = [new TensorReference("sequential_1", 0, 0)] };

        var network = NetworkBuilder.Default.Build(architecture, weights, "k2_functional.json");
        var output = network.Forward(new float[12], 1);

        Assert.Equal(["sequential_1"], network.OutputNames);
        Assert.Equal([6], network.OutputShape);
        Assert.Equal(6, output.Length);
    }

    [Fact]
    public void Too_few_weights_in_a_keras2_nested_model_are_refused_naming_the_model_and_its_layers()
    {
        var error = Assert.Throws<ModelFormatException>(() => NestedFixtures.Build("k2_functional.json", "k2_functional.missing_bias.h5"));

        Assert.Equal("k2_functional.missing_bias.h5", error.FileName);
        Assert.Contains("nested model 'sequential_1' (Sequential)", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds 3 weight array(s) for it, but its layers expect 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("'lstm_1' (LSTM) 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_weights_in_a_keras3_nested_layer_are_refused_naming_the_model_and_the_layer()
    {
        var error = Assert.Throws<ModelFormatException>(() => NestedFixtures.Build("k3_functional.json", "k3_functional.missing_bias.weights.h5"));

        Assert.Contains("layer 'encoder/lstm' (LSTM)", error.Message, StringComparison.Ordinal);
        Assert.Contains("found 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lambda_inside_a_nested_model_is_refused_naming_it()
    {
        const string Text = """
            {"class_name": "Model", "config": {"name": "outer", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 2], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": [
                {"class_name": "Dense", "config": {"name": "dense_1", "units": 2}},
                {"class_name": "Lambda", "config": {"name": "lambda_1", "function": ["4wEAAAAA", null, null], "function_type": "lambda"}}]},
               "inbound_nodes": [[["in", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["inner", 0, 0]]}}
            """;
        var architecture = ArchitectureReader.Parse(Text, "model.json");

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, EngineFixtures.Weights("seq_dense.weights.h5"), "model.json"));

        Assert.Equal("model.json", error.FileName);
        Assert.Contains("layer 'lambda_1' (in nested model 'inner') has class 'Lambda', which is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_nested_model_is_refused_naming_it()
    {
        const string Text = """
            {"class_name": "Model", "config": {"name": "outer", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 2], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Sequential", "name": "inner", "config": {"name": "inner", "layers": []}, "inbound_nodes": [[["in", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["inner", 0, 0]]}}
            """;
        var architecture = ArchitectureReader.Parse(Text, "model.json");

        var error = Assert.Throws<ModelFormatException>(() => NetworkBuilder.Default.Build(architecture, EngineFixtures.Weights("seq_dense.weights.h5"), "model.json"));

        Assert.Contains("nested model 'inner' (Sequential): the Sequential model has no layers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keras2_sequential_whose_first_layer_is_a_model_takes_the_input_shape_of_the_models_first_layer()
    {
        const string Text = """
            {"class_name": "Sequential", "config": {"name": "outer", "layers": [
              {"class_name": "Sequential", "config": {"name": "inner", "layers": [
                {"class_name": "Dense", "config": {"name": "dense_1", "units": 2, "batch_input_shape": [null, 3]}}]}},
              {"class_name": "Dense", "config": {"name": "dense_2", "units": 1}}]}, "keras_version": "2.2.4"}
            """;

        var architecture = ArchitectureReader.Parse(Text, "model.json");

        Assert.Equal(["inner_input", "inner", "dense_2"], architecture.Layers.Select(l => l.Name));
        Assert.Equal([null, 3], architecture.Layers[0].Config.GetShape("batch_input_shape"));
    }

    [Fact]
    public void A_keras21_bare_list_sequential_nested_in_a_functional_model_keeps_its_layers()
    {
        const string Text = """
            {"class_name": "Model", "config": {"name": "outer", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 3], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Sequential", "name": "inner", "config": [{"class_name": "Dense", "config": {"name": "dense_1", "units": 2}}],
               "inbound_nodes": [[["in", 0, 0, {}]]]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["inner", 0, 0]]}, "keras_version": "2.1.2"}
            """;

        var architecture = ArchitectureReader.Parse(Text, "model.json");

        Assert.Equal("dense_1", architecture.Layers[1].Config["layers"]![0]!["config"]!["name"]!.GetValue<string>());
    }
}
