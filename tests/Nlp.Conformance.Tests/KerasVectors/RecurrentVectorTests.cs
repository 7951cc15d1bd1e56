using Nlp.Infrastructure.Common;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// Every non-stateful keras-vectors key of the sequence layers (LSTM, GRU, SimpleRNN, Embedding, Bidirectional,
/// TimeDistributed(Dense), GlobalAveragePooling1D, GlobalMaxPooling1D) equals real Keras within 1e-4.
/// </summary>
public sealed class RecurrentVectorTests
{
    private const float Tolerance = 1e-4f;

    public static TheoryData<string, string> Recurrent => RecurrentVectorCases.Of("recurrent/LSTM", "recurrent/GRU", "recurrent/SimpleRNN");

    public static TheoryData<string, string> Embeddings => RecurrentVectorCases.Of("embeddings/Embedding");

    public static TheoryData<string, string> Wrappers => RecurrentVectorCases.Of("wrappers/Bidirectional", "wrappers/TimeDistributed");

    public static TheoryData<string, string> Pooling => RecurrentVectorCases.Of("pooling/GlobalAveragePooling1D", "pooling/GlobalMaxPooling1D");

    [Theory]
    [MemberData(nameof(Recurrent))]
    public void Recurrent_layer_matches_keras(string file, string key) => Check(file, key);

    [Theory]
    [MemberData(nameof(Embeddings))]
    public void Embedding_matches_keras(string file, string key) => Check(file, key);

    [Theory]
    [MemberData(nameof(Wrappers))]
    public void Wrapper_matches_keras(string file, string key) => Check(file, key);

    [Theory]
    [MemberData(nameof(Pooling))]
    public void Global_pooling_matches_keras(string file, string key) => Check(file, key);

    [Fact]
    public void TimeDistributed_Conv2D_is_refused_naming_the_layer_and_class()
    {
        if (KerasVectorFiles.Directory is null)
        {
            Assert.Skip(KerasVectorFiles.SkipReason);
        }

        const string key = "wrappers.TimeDistributed.1";
        var model = KerasVectorFiles.Models("wrappers/TimeDistributed")[key]!.AsObject();
        var vector = KerasVectorFiles.Vectors("wrappers/TimeDistributed")[key]!.AsObject();

        var error = Assert.Throws<ModelFormatException>(() => RecurrentVectorChain.Run(model, vector));

        Assert.Contains("time_distributed_2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Conv2D", error.Message, StringComparison.Ordinal);
    }

    private static void Check(string file, string key)
    {
        if (KerasVectorFiles.Directory is null)
        {
            Assert.Skip(KerasVectorFiles.SkipReason);
        }

        var model = KerasVectorFiles.Models(file)[key]?.AsObject();
        if (RecurrentVectorCases.SkipReason(model) is { } reason)
        {
            Assert.Skip($"{key}: {reason}");
        }

        if (model!.ToJsonString().Contains("\"Conv2D\"", StringComparison.Ordinal))
        {
            Assert.Skip($"{key}: TimeDistributed(Conv2D) is outside the text layers; its refusal is pinned by {nameof(TimeDistributed_Conv2D_is_refused_naming_the_layer_and_class)}");
        }

        var vector = KerasVectorFiles.Vectors(file)[key]!.AsObject();
        var expected = vector["expected"]!.AsObject();

        var actual = RecurrentVectorChain.Run(model, vector);

        Assert.Equal(RecurrentVectorChain.Shape(expected), actual.Shape);
        var want = RecurrentVectorChain.Values(expected);
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < want.Length; i++)
        {
            var diff = MathF.Abs(want[i] - actual.Data[i]);
            if (!(diff <= worst))
            {
                worst = diff;
                at = i;
            }
        }

        Assert.True(worst <= Tolerance, $"{key}: |Keras - ours| = {worst} at element {at} (Keras {(at >= 0 ? want[at] : 0)}, ours {(at >= 0 ? actual.Data[at] : 0)})");
    }
}
