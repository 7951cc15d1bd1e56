using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Tests.Inference.Layers;
using Nlp.Infrastructure.Tests.Inference.Recurrent;
using static Nlp.Infrastructure.Tests.Inference.Layers.LayerBuilding;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>
/// The time limit of a forward pass (<see cref="ComputeBudget"/>, <c>Prediction:MaxComputeTime</c>): where it is
/// checked (before each layer, every 16 recurrent steps, per attention sample and head), that an unlimited pass never
/// reads the clock, and that a pooled workspace forgets its limit when its call ends.
/// </summary>
public sealed class ComputeBudgetTests
{
    private const int Features = 4;

    [Theory]
    [InlineData("LSTM", """{"name": "lstm", "units": 3}""")]
    [InlineData("GRU", """{"name": "gru", "units": 3, "reset_after": true}""")]
    [InlineData("SimpleRNN", """{"name": "rnn", "units": 3}""")]
    [InlineData("Bidirectional", """{"name": "bi", "merge_mode": "concat", "layer": {"class_name": "LSTM", "config": {"name": "lstm", "units": 3}}}""")]
    public void A_recurrent_layer_checks_every_16_steps_and_stops_once_the_time_is_spent(string className, string config)
    {
        var lstm = TestLayers.Recurrent(className, config, new Random(1), Features).Layer;
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromMilliseconds(5)); // read 1: started at 1 ms, deadline 6 ms

        var error = Assert.Throws<ComputeTimeExceededException>(() => lstm.Forward([Steps(1000)], new LayerScratch(budget)));

        // Checks before steps 0, 16, 32, 48 read 2..5 ms; the one before step 64 reads 6 ms, the deadline.
        Assert.Equal(6, clock.Reads);
        Assert.Equal(TimeSpan.FromMilliseconds(5), error.Limit);
        Assert.Equal("the forward pass was stopped after its limit of 5 ms", error.Message);
    }

    [Fact]
    public void Without_a_limit_a_recurrent_layer_never_reads_the_clock()
    {
        var lstm = TestLayers.Recurrent("LSTM", """{"name": "lstm", "units": 3}""", new Random(1), Features).Layer;
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(null);

        var output = lstm.Forward([Steps(1000)], new LayerScratch(budget));

        Assert.Equal(0, clock.Reads);
        Assert.Equal(lstm.Forward([Steps(1000)]).Data, output.Data);
    }

    [Fact]
    public void A_cancelled_request_stops_a_recurrent_layer_at_its_next_check_without_reading_the_clock()
    {
        var lstm = TestLayers.Recurrent("LSTM", """{"name": "lstm", "units": 3}""", new Random(1), Features).Layer;
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        using var cancellation = new CancellationTokenSource();
        budget.Start(null, cancellation.Token);

        var uncancelled = lstm.Forward([Steps(100)], new LayerScratch(budget));
        cancellation.Cancel();

        Assert.Throws<OperationCanceledException>(() => lstm.Forward([Steps(100)], new LayerScratch(budget)));
        Assert.Equal(0, clock.Reads);
        Assert.Equal(lstm.Forward([Steps(100)]).Data, uncancelled.Data);
    }

    [Fact]
    public void Multi_head_attention_checks_per_sample_and_head()
    {
        var mha = LayerBuilding.Build(
            "MultiHeadAttention", """{"num_heads": 2, "key_dim": 2}""", [[4, 3], [4, 3]],
            Weight("q", 3, 2, 2), Weight("qb", 2, 2), Weight("k", 3, 2, 2), Weight("kb", 2, 2),
            Weight("v", 3, 2, 2), Weight("vb", 2, 2), Weight("o", 2, 2, 3), Weight("ob", 3)).Layer;
        var input = LayerBuilding.Sequence(2, 4, 3);
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromMilliseconds(4)); // started at 1 ms, deadline 5 ms

        Assert.Throws<ComputeTimeExceededException>(() => mha.Forward([input, input], new LayerScratch(budget)));

        // Sample 0 (2 ms), its heads (3, 4 ms), sample 1 (5 ms, the deadline): stopped.
        Assert.Equal(5, clock.Reads);
    }

    [Fact]
    public void A_call_past_its_limit_or_cancelled_stops_before_the_next_layer_and_the_workspace_forgets_it()
    {
        var network = EngineFixtures.Build("seq_dense.json", "seq_dense.weights.h5");
        var input = new Tensor(1, [20], [.. Enumerable.Range(0, 20).Select(i => i / 20f)]);
        var expected = network.Forward(input).Data;

        using (var call = network.Begin(TimeSpan.FromTicks(1))) // under a millisecond: the deadline is the start
        {
            Assert.Throws<ComputeTimeExceededException>(() => call.Run(input));
        }

        using (var cancellation = new CancellationTokenSource())
        {
            cancellation.Cancel();
            using var call = network.Begin(null, cancellation.Token);
            Assert.Throws<OperationCanceledException>(() => call.Run(input));
        }

        // The same pooled workspace serves the next calls: with no limit, and through the pool directly.
        using (var call = network.Begin())
        {
            Assert.Equal(expected, call.Run(input).Data.AsSpan(0, expected.Length).ToArray());
        }

        Assert.Equal(expected, network.Forward(input).Data);
        using (var call = network.Begin(TimeSpan.FromSeconds(30)))
        {
            Assert.Equal(expected, call.Run(input).Data.AsSpan(0, expected.Length).ToArray());
        }
    }

    private static Tensor Steps(int steps) =>
        new(1, [steps, Features], [.. Enumerable.Range(0, steps * Features).Select(i => (float)Math.Sin(i))]);

    // A millisecond clock that advances one millisecond each time it is read.
    private sealed class MillisecondPerRead
    {
        public int Reads { get; private set; }

        public long Read() => ++Reads;
    }
}
