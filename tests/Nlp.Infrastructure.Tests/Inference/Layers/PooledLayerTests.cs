using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>
/// Layers with no numpy fixture that take a network call's pooled buffers: run twice in one workspace, the second run
/// allocates nothing and gives what the layer gives on its own (fresh arrays), bit for bit. The fixture-backed layers
/// are covered by <see cref="LayerFixtureTests"/>.
/// </summary>
public sealed class PooledLayerTests
{
    public static TheoryData<string> Layers() => ["TimeDistributed(Dense)", "TimeDistributed(Activation)", "RepeatVector", "GlobalAveragePooling1D (masked)", "Masking"];

    [Theory]
    [MemberData(nameof(Layers))]
    public void In_a_network_call_a_warm_layer_allocates_nothing(string which)
    {
        var (layer, input) = Create(which);
        Tensor[] inputs = [input];
        var expected = layer.Forward(inputs);

        var (output, allocated) = WarmLayerCall.Second(layer, inputs);

        Assert.Equal(expected.Shape, output.Shape);
        Assert.Equal(expected.Data, output.Data.AsSpan(0, expected.Data.Length).ToArray());
        Assert.Equal(expected.Mask, expected.Mask is null ? output.Mask : output.Mask?.AsSpan(0, expected.Mask.Length).ToArray());
        Assert.True(allocated == 0, $"{which}: {allocated} bytes");
    }

    private static (ILayer Layer, Tensor Input) Create(string which)
    {
        bool[] mask = [true, true, false, true, false, false, true, true];
        return which switch
        {
            "TimeDistributed(Dense)" => (new TimeDistributedLayer(
                "td", 3, 5, LayerBuilding.Weight("kernel", 3, 5).Values, LayerBuilding.Weight("bias", 5).Values, KerasActivation.FromName("relu", 2)!),
                LayerBuilding.Sequence(2, 4, 3)),
            "TimeDistributed(Activation)" => (new TimeDistributedLayer("td", 3, 3, null, null, KerasActivation.FromName("tanh", 2)!), LayerBuilding.Sequence(2, 4, 3)),
            "RepeatVector" => (LayerBuilding.Build("RepeatVector", """{"n": 3}""", [[4]]).Layer, new Tensor(2, [4], [1, 2, 3, 4, 5, 6, 7, 8])),
            "GlobalAveragePooling1D (masked)" => (new GlobalPooling1DLayer("gap", "GlobalAveragePooling1D", average: true, keepDims: false), LayerBuilding.Sequence(2, 4, 3, mask)),
            "Masking" => (new MaskingLayer("masking", 0f), MaskedSteps()),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
    }

    // Steps 1 of sample 0 and 2 of sample 1 are all mask_value.
    private static Tensor MaskedSteps()
    {
        var input = LayerBuilding.Sequence(2, 4, 3);
        input.Data.AsSpan(3, 3).Clear();
        input.Data.AsSpan(12 + 6, 3).Clear();
        return input;
    }
}
