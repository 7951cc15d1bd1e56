using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.Keras;

public sealed class ModelArchitectureParserTests
{
    [Fact]
    public void A_keras2_functional_model_keeps_every_call_of_a_shared_layer()
    {
        var model = EngineFixtures.Architecture("func_shared.json");

        Assert.Equal("Model", model.ClassName);
        Assert.Equal(["input_1", "input_2"], model.Inputs.Select(r => r.LayerName));
        Assert.Equal(["dense_out", "activation_1"], model.Outputs.Select(r => r.LayerName));
        var shared = model.Layers.Single(l => l.Name == "shared");
        Assert.Equal(2, shared.Calls.Count);
        Assert.Equal(new TensorReference("input_2", 0, 0), shared.Calls[1].Inputs[0]);
        var add = model.Layers.Single(l => l.Name == "add_1");
        Assert.Equal([new TensorReference("shared", 0, 0), new TensorReference("shared", 1, 0)], add.Calls[0].Inputs);
        Assert.Equal(new TensorReference("shared", 1, 0), model.Layers.Single(l => l.Name == "activation_1").Calls[0].Inputs[0]);
    }

    [Fact]
    public void A_keras3_functional_model_reads_dict_inbound_nodes_and_flat_input_layers()
    {
        var model = EngineFixtures.Architecture("func_k3.json");

        Assert.Equal("Functional", model.ClassName);
        Assert.Equal(3, model.KerasMajorVersion);
        Assert.Null(model.KerasVersion);
        Assert.Equal("tokens", Assert.Single(model.Inputs).LayerName);
        Assert.Equal("scores", Assert.Single(model.Outputs).LayerName);
        var dropout = model.Layers.Single(l => l.Name == "dropout");
        Assert.Equal(new TensorReference("hidden", 0, 0), Assert.Single(dropout.Calls[0].Inputs));
        Assert.False(dropout.Calls[0].Arguments["training"]!.GetValue<bool>());
    }

    [Fact]
    public void Keras3_calls_on_a_list_of_tensors_keep_their_order()
    {
        const string Text = """
            {"class_name": "Functional", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "a", "config": {"batch_shape": [null, 2], "name": "a"}, "inbound_nodes": []},
              {"class_name": "InputLayer", "name": "b", "config": {"batch_shape": [null, 2], "name": "b"}, "inbound_nodes": []},
              {"class_name": "Concatenate", "name": "c", "config": {"name": "c", "axis": -1}, "inbound_nodes": [{"args": [[
                {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["b", 0, 0]}},
                {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["a", 0, 0]}}]],
                "kwargs": {}}]}],
              "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["c", 0, 0]]}}
            """;
        var model = ArchitectureReader.Parse(Text, "model.json");

        Assert.Equal(["b", "a"], model.Layers[2].Calls[0].Inputs.Select(r => r.LayerName));
        Assert.Equal(["a", "b"], model.Inputs.Select(r => r.LayerName));
    }

    [Fact]
    public void A_keras3_sequential_model_uses_its_input_layer_entry()
    {
        var model = EngineFixtures.Architecture("seq_k3.json");

        Assert.Equal(3, model.KerasMajorVersion);
        Assert.Equal(["input_layer", "dense", "dropout", "dense_1"], model.Layers.Select(l => l.Name));
        Assert.False(model.Layers[0].IsImplicit);
        Assert.Equal([null, 10], model.Layers[0].Config.GetShape("batch_shape"));
    }

    [Fact]
    public void A_keras21_sequential_config_may_be_a_bare_list_of_layers()
    {
        var model = EngineFixtures.Architecture("seq_rank3.json");

        Assert.Equal(["dense_1_input", "dense_1", "activation_1"], model.Layers.Select(l => l.Name));
        Assert.Equal([null, 5, 7], model.Layers[0].Config.GetShape("batch_input_shape"));
    }

    [Theory]
    [InlineData("""[["nowhere", 0, 0, {}]]""", "refers to layer 'nowhere'")]
    [InlineData("""[["in", 1, 0, {}]]""", "call 1 of layer 'in'")]
    [InlineData("""[["in", 0, 1, {}]]""", "output 1 of layer 'in'")]
    [InlineData("""["in"]""", "inbound tensor must be")]
    public void Broken_references_are_refused_naming_the_layer(string inbound, string expected)
    {
        var text = """
            {"class_name": "Model", "config": {"name": "m", "layers": [
              {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 2], "name": "in"}, "inbound_nodes": []},
              {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 1}, "inbound_nodes": [INBOUND]}],
              "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}
            """.Replace("INBOUND", inbound, StringComparison.Ordinal);

        var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.Parse(text, "model.json"));
        Assert.Equal("model.json", error.FileName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequential_model_without_any_input_shape_is_refused()
    {
        const string Text = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2}}]}}""";

        var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.Parse(Text, "model.json"));
        Assert.Contains("input shape", error.Message, StringComparison.Ordinal);
        Assert.Contains("'d'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sequential_model_takes_its_input_shape_from_build_input_shape_when_layers_lack_one()
    {
        const string Text = """{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 2}}], "build_input_shape": [null, 9]}}""";

        var model = ArchitectureReader.Parse(Text, "model.json");
        Assert.Equal([null, 9], model.Layers[0].Config.GetShape("batch_input_shape"));
    }
}
