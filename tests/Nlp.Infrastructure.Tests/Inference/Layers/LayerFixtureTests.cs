namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// Every case of the numpy fixtures (Conv1D same/causal/dilated/strided/groups, pooling same/valid, Layer- and
/// BatchNormalization, MultiHeadAttention and Attention with masks, Dot, broadcast and same-shape merges, Concatenate
/// with and without masks, ReLU/PReLU/Softmax, Permute) built through <c>CoreLayerFactories</c> and compared with the
/// reference within 1e-5; and each run twice in one workspace, as a network call runs a layer with its pooled buffers:
/// the second run allocates nothing and still matches.
/// </summary>
public sealed class LayerFixtureTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> Conv1D() => LayerFixtureCase.Names("conv1d");

    public static TheoryData<string> Pooling() => LayerFixtureCase.Names("pooling1d");

    public static TheoryData<string> Normalization() => LayerFixtureCase.Names("normalization");

    public static TheoryData<string> Attention() => LayerFixtureCase.Names("attention");

    public static TheoryData<string> Merging() => LayerFixtureCase.Names("merging");

    public static TheoryData<string> AdvancedActivations() => LayerFixtureCase.Names("advanced_activations");

    [Theory]
    [MemberData(nameof(Conv1D))]
    public void Conv1D_matches_reference(string name) => Check("conv1d", name);

    [Theory]
    [MemberData(nameof(Pooling))]
    public void Pooling1D_matches_reference(string name) => Check("pooling1d", name);

    [Theory]
    [MemberData(nameof(Normalization))]
    public void Normalization_matches_reference(string name) => Check("normalization", name);

    [Theory]
    [MemberData(nameof(Attention))]
    public void Attention_matches_reference(string name) => Check("attention", name);

    [Theory]
    [MemberData(nameof(Merging))]
    public void Merge_matches_reference(string name) => Check("merging", name);

    [Theory]
    [MemberData(nameof(AdvancedActivations))]
    public void Advanced_activation_matches_reference(string name) => Check("advanced_activations", name);

    public static TheoryData<string, string> PooledCases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var file in new[] { "conv1d", "pooling1d", "normalization", "attention", "merging", "advanced_activations" })
        {
            foreach (var fixture in LayerFixtureCase.Load(file))
            {
                cases.Add(file, fixture.Name);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(PooledCases))]
    public void In_a_network_call_a_warm_layer_allocates_nothing(string file, string name)
    {
        var fixture = LayerFixtureCase.Get(file, name);
        var layer = fixture.Build().Layer;
        var (output, allocated) = WarmLayerCall.Second(layer, [.. fixture.Inputs]); // an array, as a network call passes them

        TensorAssert.Close(fixture.ExpectedShape, fixture.Expected, output, Tolerance, name); // the reused buffers hold the right values
        Assert.True(allocated == 0, $"{file}/{name}: {allocated} bytes");
    }

    private static void Check(string file, string name)
    {
        var fixture = LayerFixtureCase.Get(file, name);
        var built = fixture.Build();
        var output = built.Layer.Forward(fixture.Inputs);
        TensorAssert.Close(fixture.ExpectedShape, fixture.Expected, output, Tolerance, name);
        Assert.Equal(fixture.ExpectedShape[1..], built.OutputShape.Select(d => d!.Value));
    }
}
