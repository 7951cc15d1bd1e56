using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// The named activations against numpy/math.erf references (Fixtures/Layers/activations.json), through
/// <see cref="KerasActivation"/>, the implementation every layer uses.
/// </summary>
public sealed class ActivationFixtureTests
{
    public static TheoryData<string> Names() =>
        [.. LayerFixtureCase.Read("activations")["cases"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    [Theory]
    [MemberData(nameof(Names))]
    public void Activation_matches_reference(string name)
    {
        var fixture = LayerFixtureCase.Read("activations")["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
        var input = fixture["input"]!.AsObject();
        var values = LayerFixtureCase.Values(input);
        var shape = LayerFixtureCase.Shape(input);
        var expected = LayerFixtureCase.Values(fixture["expected"]!.AsObject());
        var activation = KerasActivation.FromName(name, 2);

        Assert.NotNull(activation);
        activation.Apply(values, shape[^1]);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(
                Math.Abs(values[i] - expected[i]) <= 2e-6 * Math.Max(1, Math.Abs(expected[i])),
                $"{name}({i}) = {values[i]}, reference {expected[i]}");
        }
    }

    [Fact]
    public void Hard_sigmoid_follows_the_keras_generation()
    {
        float[] keras2 = [-3f, -1f, 0.5f, 3f];
        float[] keras3 = [-3f, -1f, 0.5f, 3f];

        KerasActivation.FromName("hard_sigmoid", 2)!.Apply(keras2, 4);
        KerasActivation.FromName("hard_sigmoid", 3)!.Apply(keras3, 4);

        Assert.Equal([0f, 0.3f, 0.6f, 1f], keras2);
        Assert.Equal([0f, 2f / 6f, 3.5f / 6f, 1f], keras3);
    }

    [Fact]
    public void Unknown_activation_is_not_found() => Assert.Null(KerasActivation.FromName("swishy", 2));

    /// <summary>Expected values printed by Python's <c>math.erf</c>.</summary>
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(-1.7, -0.9837904585907745)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(4.0, 0.9999999845827421)]
    public void Erf_matches_known_values(double x, double expected) =>
        Assert.Equal(expected, GaussErrorFunction.Erf(x), 1e-13);
}
