using static Nlp.Infrastructure.Tests.Inference.Layers.LayerBuilding;

namespace Nlp.Infrastructure.Tests.Inference.Layers;

/// <summary>Compiled layers are immutable: many threads may run the same layer at once and get the same answers.</summary>
public sealed class LayerConcurrencyTests
{
    [Fact]
    public void Concurrent_forward_passes_agree_with_a_sequential_one()
    {
        var fixture = LayerFixtureCase.Get("attention", "mha_self_attention_masked");
        var layer = fixture.Build().Layer;
        var conv = Build("Conv1D", """{"filters": 4, "kernel_size": 3, "padding": "causal"}""", [[6, 6]], Weight("k", 3, 6, 4), Weight("b", 4)).Layer;
        var reference = layer.Forward(fixture.Inputs).Data;
        var convInput = Sequence(3, 6, 6);
        var convReference = conv.Forward([convInput]).Data;

        var results = new float[64][];
        var convResults = new float[64][];
        Parallel.For(0, 64, i =>
        {
            results[i] = layer.Forward(fixture.Inputs).Data;
            convResults[i] = conv.Forward([convInput]).Data;
        });

        Assert.All(results, r => Assert.Equal(reference, r));
        Assert.All(convResults, r => Assert.Equal(convReference, r));
    }
}
