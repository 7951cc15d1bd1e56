using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.Tests.Inference.Kernels;
using Nlp.Infrastructure.Tests.Inference.Layers;
using Nlp.Infrastructure.Tests.Inference.Recurrent;
using static Nlp.Infrastructure.Tests.Inference.Layers.LayerBuilding;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>
/// The time limit of a forward pass (<see cref="ComputeBudget"/>, <c>Prediction:MaxComputeTime</c>): where it is
/// checked (before each layer, every 16 recurrent steps, per attention sample and head, between the parts of a long
/// product or convolution), that an unlimited pass never reads the clock, and that a pooled workspace forgets its
/// limit when its call ends.
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

    [Fact]
    public void A_long_product_runs_in_parts_with_a_check_between_them_and_the_same_numbers()
    {
        const int Inner = 1024;
        const int Columns = 2048; // 2 Mi multiply-adds per row: parts of 64 rows
        var w = ReferenceMath.Weights(Inner * Columns, 0.1f, 1);
        var packed = PackedMatrix.Pack(w, Inner, Columns);
        Assert.Equal(64, PackedMultiply.PartRows(packed));

        // A dense part, a part of count vectors (the sparse kernel), and a lone last row.
        const int Rows = 129;
        float[] x = [
            .. ReferenceMath.Inputs(InputKind.Dense, 64 * Inner, 2),
            .. ReferenceMath.Inputs(InputKind.Counts, 64 * Inner, 3),
            .. ReferenceMath.Inputs(InputKind.HalfZeros, Inner, 4)];
        var bias = ReferenceMath.Weights(Columns, 0.5f, 5);
        var expected = ReferenceMath.Multiply(x, Rows, w, Inner, Columns, bias, null, relu: true);
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromHours(1));

        var output = new float[Rows * Columns];
        PackedMultiply.Run(packed, x, Rows, bias, accumulate: false, relu: true, output, budget: budget);

        Assert.Equal(3, clock.Reads); // the start and one check between each two of the 3 parts
        ReferenceMath.AssertClose(expected, output, 1e-5f, "in parts");

        // Past its limit the product stops after its first part: the later rows are never written.
        budget.Start(TimeSpan.FromMilliseconds(1));
        var stopped = new float[Rows * Columns];
        stopped.AsSpan().Fill(float.NaN);
        Assert.Throws<ComputeTimeExceededException>(
            () => PackedMultiply.Run(packed, x, Rows, bias, accumulate: false, relu: true, stopped, budget: budget));
        ReferenceMath.AssertClose(expected[..(64 * Columns)], stopped.AsSpan(0, 64 * Columns), 1e-5f, "first part");
        Assert.All(stopped[(64 * Columns)..], v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void A_dense_layer_over_many_steps_checks_between_its_parts()
    {
        var dense = new Nlp.Infrastructure.Inference.Layers.DenseLayer(
            "dense", 64, 64, Weight("kernel", 64, 64).Values, Weight("bias", 64).Values, Nlp.Infrastructure.Inference.Activations.KerasActivation.Linear);
        var input = LayerBuilding.Sequence(1, 100_000, 64); // 4,096 multiply-adds per step: parts of 32,768 steps
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromMilliseconds(2)); // started at 1 ms, deadline 3 ms

        Assert.Throws<ComputeTimeExceededException>(() => dense.Forward([input], new LayerScratch(budget)));

        // After the first part (2 ms) and the second (3 ms, the deadline): stopped before the third.
        Assert.Equal(3, clock.Reads);
    }

    [Fact]
    public void A_convolution_over_a_long_input_checks_as_it_goes()
    {
        var conv = LayerBuilding.Build(
            "Conv1D", """{"filters": 64, "kernel_size": 3}""", [[null, 64]], Weight("kernel", 3, 64, 64), Weight("bias", 64)).Layer;
        var input = LayerBuilding.Sequence(1, 30_000, 64); // 12,288 multiply-adds per output step: a check every 10,922
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromHours(1));

        var output = conv.Forward([input], new LayerScratch(budget));

        Assert.Equal(3, clock.Reads); // the start, then before output steps 10,922 and 21,844
        Assert.Equal(conv.Forward([input]).Data, output.Data);
    }

    [Fact]
    public void A_time_distributed_dense_over_a_long_input_checks_as_it_goes()
    {
        var layer = new Nlp.Infrastructure.Inference.Layers.TimeDistributedLayer(
            "td", 64, 64, Weight("kernel", 64, 64).Values, Weight("bias", 64).Values, Nlp.Infrastructure.Inference.Activations.KerasActivation.Linear);
        var input = LayerBuilding.Sequence(1, 70_000, 64); // 4,096 multiply-adds per step: a check every 32,768 steps
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromHours(1));

        var output = layer.Forward([input], new LayerScratch(budget));

        Assert.Equal(3, clock.Reads); // the start, then before steps 32,768 and 65,536
        Assert.Equal(layer.Forward([input]).Data, output.Data);
    }

    [Fact]
    public void A_wide_pool_over_a_long_input_checks_as_it_goes()
    {
        // MaxPooling1D(pool_size 4,096, strides 1, padding same) over 2,048 steps of 64 channels: 262,144 operations per
        // output step, a check every 512 steps.
        var pool = new Nlp.Infrastructure.Inference.Layers.Pooling1DLayer("pool", "MaxPooling1D", average: false, 4096, 1, "same");
        var input = LayerBuilding.Sequence(1, 2048, 64);
        var clock = new MillisecondPerRead();
        var budget = new ComputeBudget(clock.Read);
        budget.Start(TimeSpan.FromHours(1));

        var output = pool.Forward([input], new LayerScratch(budget));

        Assert.Equal(4, clock.Reads); // the start, then before output steps 512, 1,024 and 1,536
        Assert.Equal(pool.Forward([input]).Data, output.Data);
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
