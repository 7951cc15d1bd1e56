namespace Nlp.Infrastructure.Tests.Inference.Recurrent;

/// <summary>Every fixture chain (masking, padding, go_backwards, Bidirectional dialects, CuDNN, pooling) equals the numpy reference.</summary>
public sealed class RecurrentFixtureTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<string> Cases => RecurrentFixtureCases.Names;

    /// <summary>Twice on the same layers: the second run starts padded sequences from the states the first kept.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Chain_output_equals_the_numpy_reference(string name)
    {
        var fixture = RecurrentFixtureCases.Get(name);
        var expected = fixture["expected"]!.AsObject();
        var expectedShape = SequenceChain.Shape(expected);
        var layers = SequenceChain.Build(fixture);
        var want = SequenceChain.Values(expected);
        var expectedMask = fixture["expected_mask"]?.AsArray().Select(n => (bool)n!).ToArray();

        for (var run = 1; run <= 2; run++)
        {
            var output = SequenceChain.Run(layers, SequenceChain.Input(fixture));

            Assert.Equal(expectedShape[0], output.Batch);
            Assert.Equal(expectedShape[1..], output.Shape);
            for (var i = 0; i < want.Length; i++)
            {
                Assert.True(MathF.Abs(want[i] - output.Data[i]) <= Tolerance, $"{name}, run {run}: element {i}: reference {want[i]}, ours {output.Data[i]}");
            }

            Assert.Equal(expectedMask, output.Mask);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Built_output_shape_matches_the_computed_one(string name)
    {
        var fixture = RecurrentFixtureCases.Get(name);
        var layers = SequenceChain.Build(fixture);

        var output = SequenceChain.Run(layers, SequenceChain.Input(fixture));

        var declared = layers[^1].OutputShape;
        Assert.Equal(output.Shape.Length, declared.Length);
        for (var i = 0; i < declared.Length; i++)
        {
            Assert.True(declared[i] is null || declared[i] == output.Shape[i], $"{name}: axis {i} declared {declared[i]}, computed {output.Shape[i]}");
        }
    }
}
