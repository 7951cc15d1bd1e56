using Nlp.Infrastructure.Common;
using static Nlp.Infrastructure.Tests.Inference.Layers.LayerBuilding;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>Unsupported options and weights that do not fit are load errors naming the file, layer, class and reason.</summary>
public sealed class LayerBuildErrorTests
{
    private static readonly int?[][] Sequence8x3 = [[8, 3]];

    [Fact]
    public void Conv1D_kernel_of_the_wrong_shape_names_layer_weight_and_shapes()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(
            "Conv1D", """{"filters": 4, "kernel_size": [3]}""", Sequence8x3, Weight("conv/kernel:0", 3, 2, 4), Weight("conv/bias:0", 4)));

        Assert.Equal("model.h5", error.FileName);
        Assert.Contains("layer 'layer_x' (Conv1D)", error.Message, StringComparison.Ordinal);
        Assert.Contains("conv/kernel:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 2, 4]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[3, 3, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv1D_missing_bias_is_a_weight_count_error()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(
            "Conv1D", """{"filters": 4, "kernel_size": 3}""", Sequence8x3, Weight("k", 3, 3, 4)));

        Assert.Contains("expects 2 weight array(s) (kernel, bias)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Conv1D", """{"filters": 4, "kernel_size": 3, "data_format": "channels_first"}""")]
    [InlineData("MaxPooling1D", """{"pool_size": 2, "data_format": "channels_first"}""")]
    [InlineData("AveragePooling1D", """{"pool_size": 2, "data_format": "channels_first"}""")]
    [InlineData("Flatten", """{"data_format": "channels_first"}""")]
    public void Channels_first_is_refused(string className, string config)
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(className, config, Sequence8x3, Weight("k", 3, 3, 4), Weight("b", 4)));

        Assert.Contains("channels_first", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({className})", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Conv1D", """{"filters": 4, "kernel_size": 3, "activation": "swishy"}""", "activation 'swishy' is not supported")]
    [InlineData("Conv1D", """{"filters": 4, "kernel_size": 3, "padding": "full"}""", "padding 'full'")]
    [InlineData("Conv1D", """{"filters": 4, "kernel_size": "three"}""", "kernel_size")]
    [InlineData("Conv1D", """{"filters": 4, "kernel_size": 9}""", "shorter than the kernel window")]
    [InlineData("MaxPooling1D", """{"pool_size": 2, "padding": "causal"}""", "padding 'causal'")]
    [InlineData("LayerNormalization", """{"axis": -1, "rms_scaling": true}""", "rms_scaling")]
    [InlineData("LayerNormalization", """{"axis": 1}""", "trailing axes")]
    [InlineData("BatchNormalization", """{"axis": -1, "renorm": true}""", "renorm")]
    [InlineData("Reshape", """{"target_shape": [5, -1]}""", "cannot reshape 24 values")]
    [InlineData("Permute", """{"dims": [1, 3]}""", "not a permutation")]
    [InlineData("Attention", """{"score_mode": "additive"}""", "score_mode 'additive'")]
    [InlineData("Softmax", """{"axis": 0}""", "axis")]
    public void Unsupported_options_are_refused_with_the_reason(string className, string config, string reason)
    {
        int?[][] shapes = className == "Attention" ? [[8, 3], [8, 3]] : Sequence8x3;
        var error = Assert.Throws<ModelFormatException>(() => Build(className, config, shapes));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("layer 'layer_x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchNormalization_weight_count_follows_center_and_scale()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(
            "BatchNormalization", """{"center": false}""", Sequence8x3, Weight("g", 3), Weight("b", 3), Weight("m", 3), Weight("v", 3)));

        Assert.Contains("expects 3 weight array(s) (gamma, moving_mean, moving_variance)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiHeadAttention_output_kernel_of_the_wrong_shape_is_refused()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(
            "MultiHeadAttention",
            """{"num_heads": 2, "key_dim": 4, "use_bias": false}""",
            [[5, 6], [5, 6]],
            Weight("q", 6, 2, 4), Weight("k", 6, 2, 4), Weight("v", 6, 2, 4), Weight("o", 8, 6)));

        Assert.Contains("'o' (output kernel) has shape [8, 6], expected [2, 4, 6]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiHeadAttention_over_other_axes_is_refused()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build(
            "MultiHeadAttention", """{"num_heads": 2, "key_dim": 4, "attention_axes": [2]}""", [[5, 6], [5, 6]]));

        Assert.Contains("attention_axes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Concatenate_of_mismatched_shapes_is_refused()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build("Concatenate", """{"axis": -1}""", [[5, 6], [4, 6]]));

        Assert.Contains("must match except on axis -1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_of_incompatible_shapes_is_refused()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build("Add", "{}", [[5, 6], [5, 4]]));

        Assert.Contains("not compatible", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PReLU_alpha_must_fit_the_shared_axes()
    {
        var error = Assert.Throws<ModelFormatException>(() => Build("PReLU", """{"shared_axes": [1]}""", Sequence8x3, Weight("alpha", 8, 3)));

        Assert.Contains("expected [1, 3]", error.Message, StringComparison.Ordinal);
    }
}
