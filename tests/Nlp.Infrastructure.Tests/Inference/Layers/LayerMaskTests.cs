using Nlp.Infrastructure.Inference;
using static Nlp.Infrastructure.Tests.Inference.Layers.LayerBuilding;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// Which layers pass a <c>[batch, time]</c> Keras mask through and which drop it, pinned to Keras 2 / tf.keras:
/// convolution, pooling and reshaping layers do not support masking; normalization, the inference identities and the
/// advanced activations do; merges AND the masks; Concatenate along time concatenates them; Dot drops it; the
/// attention layers keep the query's mask.
/// </summary>
public sealed class LayerMaskTests
{
    private static readonly bool[] MaskA = [true, true, true, false, true, true, false, false];
    private static readonly bool[] MaskB = [true, false, true, true, true, true, true, false];

    public static TheoryData<string, string, int> DroppingLayers() => new()
    {
        { "Conv1D", """{"filters": 2, "kernel_size": 2, "padding": "same"}""", 2 },
        { "MaxPooling1D", """{"pool_size": 2}""", 0 },
        { "AveragePooling1D", """{"pool_size": 2}""", 0 },
        { "Flatten", "{}", 0 },
        { "Reshape", """{"target_shape": [-1]}""", 0 },
        { "Permute", """{"dims": [2, 1]}""", 0 },
    };

    public static TheoryData<string, string, int> PassingLayers() => new()
    {
        { "BatchNormalization", "{}", 4 },
        { "LayerNormalization", "{}", 2 },
        { "SpatialDropout1D", """{"rate": 0.5}""", 0 },
        { "GaussianNoise", """{"stddev": 0.5}""", 0 },
        { "GaussianDropout", """{"rate": 0.5}""", 0 },
        { "AlphaDropout", """{"rate": 0.5}""", 0 },
        { "LeakyReLU", "{}", 0 },
        { "ELU", "{}", 0 },
        { "ReLU", """{"max_value": 6}""", 0 },
        { "ThresholdedReLU", "{}", 0 },
        { "PReLU", """{"shared_axes": [1]}""", 1 },
    };

    [Theory]
    [MemberData(nameof(DroppingLayers))]
    public void Layers_without_mask_support_drop_the_mask(string className, string config, int weights)
    {
        var output = BuildOnSequence(className, config, weights).Layer.Forward([Sequence(2, 4, 3, MaskA)]);

        Assert.Null(output.Mask);
    }

    [Theory]
    [MemberData(nameof(PassingLayers))]
    public void Layers_with_mask_support_pass_the_mask(string className, string config, int weights)
    {
        var output = BuildOnSequence(className, config, weights).Layer.Forward([Sequence(2, 4, 3, MaskA)]);

        Assert.Equal(MaskA, output.Mask);
    }

    [Fact]
    public void Elementwise_merges_and_the_masks_that_exist()
    {
        var add = Build("Add", "{}", [[4, 3], [4, 3], [4, 3]]).Layer;

        var both = add.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3, MaskB), Sequence(2, 4, 3)]);
        var one = add.Forward([Sequence(2, 4, 3), Sequence(2, 4, 3, MaskB), Sequence(2, 4, 3)]);
        var none = add.Forward([Sequence(2, 4, 3), Sequence(2, 4, 3), Sequence(2, 4, 3)]);

        Assert.Equal(MaskA.Zip(MaskB, (a, b) => a && b), both.Mask!);
        Assert.Equal(MaskB, one.Mask);
        Assert.Null(none.Mask);
    }

    [Fact]
    public void Concatenate_on_features_ands_the_masks_and_on_time_concatenates_them()
    {
        var features = Build("Concatenate", """{"axis": -1}""", [[4, 3], [4, 3]]).Layer;
        var time = Build("Concatenate", """{"axis": 1}""", [[4, 3], [4, 3]]).Layer;

        var byFeatures = features.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3, MaskB)]);
        var byTime = time.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3)]);

        Assert.Equal(MaskA.Zip(MaskB, (a, b) => a && b), byFeatures.Mask!);
        bool[] expected = [true, true, true, false, true, true, true, true, true, true, false, false, true, true, true, true];
        Assert.Equal(expected, byTime.Mask);
    }

    [Fact]
    public void Dot_returns_no_mask()
    {
        var dot = Build("Dot", """{"axes": [2, 2]}""", [[4, 3], [4, 3]]).Layer;

        Assert.Null(dot.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3, MaskB)]).Mask);
    }

    [Fact]
    public void Attention_keeps_the_query_mask_and_zeroes_masked_query_rows()
    {
        var attention = Build("Attention", "{}", [[4, 3], [4, 3]]).Layer;

        var output = attention.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3, MaskB)]);

        Assert.Equal(MaskA, output.Mask);
        Assert.All(output.Data.AsSpan(3 * 3, 3).ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(output.Data.AsSpan(0, 3).ToArray(), v => v != 0f);
    }

    [Fact]
    public void MultiHeadAttention_keeps_the_query_mask()
    {
        var mha = Build(
            "MultiHeadAttention",
            """{"num_heads": 2, "key_dim": 2}""",
            [[4, 3], [4, 3]],
            Weight("q", 3, 2, 2), Weight("qb", 2, 2), Weight("k", 3, 2, 2), Weight("kb", 2, 2),
            Weight("v", 3, 2, 2), Weight("vb", 2, 2), Weight("o", 2, 2, 3), Weight("ob", 3)).Layer;

        Assert.Equal(MaskA, mha.Forward([Sequence(2, 4, 3, MaskA), Sequence(2, 4, 3, MaskA)]).Mask);
    }

    [Fact]
    public void Softmax_of_a_masked_vector_gives_masked_positions_no_weight()
    {
        var softmax = Build("Softmax", "{}", [[4]]).Layer;
        var input = new Tensor(2, [4], [1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f], MaskA);

        var output = softmax.Forward([input]);

        Assert.Equal(0f, output.Data[3]);
        Assert.Equal(1f, output.Data.AsSpan(0, 3).ToArray().Sum(), 1e-6);
        Assert.Equal(1f, output.Data[5] + output.Data[4], 1e-6);
    }

    [Fact]
    public void Softmax_refuses_a_mask_keras_would_broadcast_against_the_wrong_axes()
    {
        var softmax = Build("Softmax", "{}", [[4, 3]]).Layer;

        var error = Assert.Throws<NotSupportedException>(() => softmax.Forward([Sequence(2, 4, 3, MaskA)]));
        Assert.Contains("layer 'layer_x' (Softmax)", error.Message, StringComparison.Ordinal);
    }

    private static BuiltLayer BuildOnSequence(string className, string config, int weights)
    {
        var arrays = className switch
        {
            "Conv1D" => [Weight("kernel", 2, 3, 2), Weight("bias", 2)],
            "PReLU" => [Weight("alpha", 1, 3)],
            _ => Enumerable.Range(0, weights).Select(i => Weight($"w{i}", 3)).ToArray(),
        };
        return Build(className, config, [[4, 3]], arrays);
    }
}
