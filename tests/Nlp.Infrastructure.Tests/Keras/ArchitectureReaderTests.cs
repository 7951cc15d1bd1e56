using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;
using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.Keras;

public sealed class ArchitectureReaderTests
{
    [Fact]
    public void Yaml_with_python_tuples_and_json_of_the_same_model_give_the_same_graph()
    {
        var json = EngineFixtures.Architecture("seq_dense.json");
        var yaml = EngineFixtures.Architecture("seq_dense.yaml");

        Assert.Equal(["dense_1_input", "dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"], json.Layers.Select(l => l.Name));
        Assert.True(json.Layers[0].IsImplicit);
        Assert.Equal(json.Layers.Select(l => l.Name), yaml.Layers.Select(l => l.Name));
        for (var i = 0; i < json.Layers.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(json.Layers[i].Config, yaml.Layers[i].Config), $"layer {json.Layers[i].Name} differs");
        }

        Assert.Equal([null, 20], yaml.Layers[1].Config.GetShape("batch_input_shape"));
        Assert.Equal([null, 20], yaml.Layers[0].Config.GetShape("batch_input_shape"));
        Assert.Equal("2.2.4", yaml.KerasVersion);
        Assert.Equal(2, yaml.KerasMajorVersion);
        Assert.Equal(new TensorReference("dense_2", 0, 0), yaml.Layers[4].Calls[0].Inputs[0]);
        Assert.Equal("dense_3", Assert.Single(yaml.Outputs).LayerName);
    }

    [Fact]
    public void Yaml_scalars_are_typed_by_the_core_schema_and_quoted_ones_stay_strings()
    {
        const string Text = """
            a: null
            b: ~
            c: true
            d: False
            e: 42
            f: -7
            g: 1.0e-05
            h: .inf
            i: -.Inf
            j: .nan
            k: '12'
            l: "true"
            m: !!python/tuple [null, 3]
            n: !!python/unicode 'dense_1'
            o: plain text
            p: 0x1F
            q:
            r: 3.
            """;
        var node = (JsonObject)ArchitectureReader.ParseTree(Text, "model.yaml")!;

        Assert.Null(node["a"]);
        Assert.True(node.ContainsKey("a"));
        Assert.Null(node["b"]);
        Assert.True(node["c"]!.GetValue<bool>());
        Assert.False(node["d"]!.GetValue<bool>());
        Assert.Equal(42L, node["e"]!.GetValue<long>());
        Assert.Equal(-7L, node["f"]!.GetValue<long>());
        Assert.Equal(1.0e-05, node["g"]!.GetValue<double>());
        Assert.Equal(double.PositiveInfinity, node["h"]!.GetValue<double>());
        Assert.Equal(double.NegativeInfinity, node["i"]!.GetValue<double>());
        Assert.True(double.IsNaN(node["j"]!.GetValue<double>()));
        Assert.Equal("12", node["k"]!.GetValue<string>());
        Assert.Equal("true", node["l"]!.GetValue<string>());
        Assert.Equal([null, 3], node.GetShape("m"));
        Assert.Equal("dense_1", node["n"]!.GetValue<string>());
        Assert.Equal("plain text", node["o"]!.GetValue<string>());
        Assert.Equal(31L, node["p"]!.GetValue<long>());
        Assert.Null(node["q"]);
        Assert.Equal(3.0, node["r"]!.GetValue<double>());
    }

    [Fact]
    public void Json_with_python_nan_and_infinity_literals_parses()
    {
        var node = (JsonObject)ArchitectureReader.ParseTree("""{"a": NaN, "b": -Infinity, "c": [1, 2.5], "d": "\u00e9\ud83d\ude00"}""", "model.json")!;

        Assert.True(double.IsNaN(node["a"]!.GetValue<double>()));
        Assert.Equal(double.NegativeInfinity, node["b"]!.GetValue<double>());
        Assert.Equal(2.5, node["c"]![1]!.GetValue<double>());
        Assert.Equal("\u00e9\U0001F600", node["d"]!.GetValue<string>());
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded_into_copies()
    {
        const string Text = """
            first: &init {class_name: Zeros, config: {}}
            second: *init
            """;
        var node = (JsonObject)ArchitectureReader.ParseTree(Text, "model.yaml")!;

        Assert.True(JsonNode.DeepEquals(node["first"], node["second"]));
        Assert.NotSame(node["first"], node["second"]);
    }

    [Fact]
    public void Alias_bombs_are_refused()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"a{i}: &a{i} [" + string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10)) + "]");
        }

        var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.ParseTree(string.Join("\n", lines), "model.yaml"));
        Assert.Equal("model.yaml", error.FileName);
        Assert.Contains("aliases expand", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    [InlineData(100_000, false)]
    public void Nesting_deeper_than_64_levels_is_refused(int depth, bool accepted)
    {
        var text = new string('[', depth) + new string(']', depth);
        if (accepted)
        {
            Assert.NotNull(ArchitectureReader.ParseTree(text, "model.json"));
        }
        else
        {
            var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.ParseTree(text, "model.json"));
            Assert.Contains("deeper than 64", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Files_larger_than_16_MiB_are_refused_before_parsing()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a: " + new string('x', ArchitectureReader.MaxBytes));
            var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.ReadFile(path, "big.yaml"));
            Assert.Equal("big.yaml", error.FileName);
            Assert.Contains("16 MiB", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"class_name\": \"Sequential\", \"config\": [", "not valid YAML or JSON")]
    [InlineData("[1, 2]", "not a Keras model config")]
    [InlineData("{\"class_name\": \"Dense\", \"config\": {}}", "'Dense' is not a Sequential or functional model")]
    [InlineData("", "no YAML or JSON document")]
    public void Texts_that_are_not_models_are_refused_naming_the_file(string text, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.Parse(text, "model.json"));
        Assert.Equal("model.json", error.FileName);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_without_its_absolute_path()
    {
        var error = Assert.Throws<ModelFormatException>(() => ArchitectureReader.ReadFile("/nonexistent/dir/model.yaml", "model.yaml"));
        Assert.Equal("model.yaml", error.FileName);
        Assert.DoesNotContain("/nonexistent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_behave_like_parsed_json_numbers_for_every_numeric_type()
    {
        var node = (JsonObject)ArchitectureReader.ParseTree("units: 128\nrate: 0.25\nbig: 3000000000", "model.yaml")!;

        Assert.Equal(128, node["units"]!.GetValue<int>());
        Assert.Equal(128L, node["units"]!.GetValue<long>());
        Assert.Equal(128.0, node["units"]!.GetValue<double>());
        Assert.Equal(0.25f, node["rate"]!.GetValue<float>());
        Assert.Equal(0.25, node["rate"]!.GetValue<double>());
        Assert.Equal(3000000000L, node["big"]!.GetValue<long>());
        Assert.Equal(128, node.GetInt("units", 0));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(EngineFixtures.Path("seq_dense.json"))]);
            Assert.Equal(6, ArchitectureReader.ReadFile(path, "model.json").Layers.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
