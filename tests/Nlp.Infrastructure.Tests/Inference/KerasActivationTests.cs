using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>Every activation against numpy float32 (the formulas of TensorFlow's kernels), from -100 to 100.</summary>
public sealed class KerasActivationTests
{
    private static readonly JsonObject Table = EngineFixtures.Json("activations.json");

    public static TheoryData<string> Names => [.. ((JsonObject)Table["expected"]!).Select(p => p.Key).Where(k => !k.Contains('@', StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_matches_numpy_float32(string name)
    {
        var values = EngineFixtures.Floats(Table["input"]);
        var expected = EngineFixtures.Floats(Table["expected"]![name]);

        KerasActivation.FromName(name, 2)!.Apply(values, Table["row"]!.GetValue<int>());

        EngineFixtures.AssertClose(expected, values, 1e-6);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Hard_sigmoid_follows_the_keras_version(int major)
    {
        var values = EngineFixtures.Floats(Table["input"]);
        var expected = EngineFixtures.Floats(Table["expected"]![$"hard_sigmoid@{major}"]);

        var activation = KerasActivation.FromName("hard_sigmoid", major)!;
        activation.Apply(values, 1);

        Assert.Equal(major == 2 ? ActivationKind.HardSigmoidKeras2 : ActivationKind.HardSigmoidKeras3, activation.Kind);
        EngineFixtures.AssertClose(expected, values, 1e-6);
    }

    [Fact]
    public void Hard_sigmoid_versions_differ_where_keras_differs()
    {
        float[] keras2 = [1f];
        float[] keras3 = [1f];
        KerasActivation.FromName("hard_sigmoid", 2)!.Apply(keras2, 1);
        KerasActivation.FromName("hard_sigmoid", 3)!.Apply(keras3, 1);

        Assert.Equal(0.7f, keras2[0], 1e-6f);
        Assert.Equal(0.6666667f, keras3[0], 1e-6f);
    }

    [Fact]
    public void Activation_configs_accept_names_null_and_serialized_functions()
    {
        Assert.True(KerasActivation.FromConfig(null, 2).IsLinear);
        Assert.Equal(ActivationKind.Relu, KerasActivation.FromConfig(JsonValue.Create("relu"), 2).Kind);
        Assert.Equal(ActivationKind.Softmax, KerasActivation.FromConfig(JsonNode.Parse("""{"class_name": "function", "config": "softmax"}"""), 3).Kind);
        var error = Assert.Throws<FormatException>(() => KerasActivation.FromConfig(JsonValue.Create("my_custom_act"), 2));
        Assert.Contains("my_custom_act", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Softmax_is_stable_for_large_logits_and_sums_to_one_per_row()
    {
        float[] values = [1000f, 999f, 0f, -1000f, 5f, 5f];
        KerasActivation.FromName("softmax", 2)!.Apply(values, 3);

        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1f, values[0] + values[1] + values[2], 1e-6f);
        Assert.Equal(1f, values[3] + values[4] + values[5], 1e-6f);
        Assert.Equal(0.5f, values[4], 1e-6f);
    }
}
