using System.Diagnostics;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// Micro-batching: every caller gets the prediction of its own text, batches form and are bounded, a lone request is
/// not held past MaxDelay, a caller that goes away is not run for (queued) or stops its lone pass (running), and a
/// batch of several runs while any of its callers waits and stops when all have gone.
/// </summary>
public sealed class MicroBatchingClassifierTests
{
    [Fact]
    public async Task Concurrent_requests_get_their_own_predictions_from_shared_batches()
    {
        var model = new RecordingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(50), MaxBatchSize = 16 });
        var texts = Enumerable.Range(0, 64).Select(i => $"text number {i} {new string('x', i % 5)}").ToArray();

        var predictions = await Task.WhenAll(texts.Select(t => Task.Run(async () => await batching.PredictAsync(t, CancellationToken.None))));

        for (var i = 0; i < texts.Length; i++)
        {
            var unbatched = model.Predict(texts[i]);
            Assert.Equal(texts[i], predictions[i].Text);
            Assert.Equal(unbatched.Topics.Select(t => (t.Label, t.Score)), predictions[i].Topics.Select(t => (t.Label, t.Score)));
        }

        var sizes = model.BatchSizes.ToArray();
        Assert.Equal(texts.Length, sizes.Sum());
        Assert.Contains(sizes, s => s > 1);
        Assert.All(sizes, s => Assert.InRange(s, 1, 16));
    }

    [Fact]
    public async Task A_lone_request_returns_within_the_delay()
    {
        var model = new RecordingClassifier();
        var delay = TimeSpan.FromMilliseconds(40);
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = delay, MaxBatchSize = 32 });
        await batching.PredictAsync("warm-up", CancellationToken.None);

        var watch = Stopwatch.StartNew();
        var prediction = await batching.PredictAsync("alone", CancellationToken.None);
        var elapsed = watch.Elapsed;

        Assert.Equal("alone", prediction.Text);
        Assert.True(elapsed < delay + TimeSpan.FromMilliseconds(150), $"took {elapsed.TotalMilliseconds} ms with a {delay.TotalMilliseconds} ms window");
    }

    [Fact]
    public async Task A_full_batch_does_not_wait_for_the_delay()
    {
        var model = new RecordingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromSeconds(1), MaxBatchSize = 4 });

        var watch = Stopwatch.StartNew();
        var predictions = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => batching.PredictAsync($"t{i}", CancellationToken.None).AsTask()));

        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(800), $"took {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(["t0", "t1", "t2", "t3"], predictions.Select(p => p.Text));
    }

    [Fact]
    public async Task A_text_whose_caller_went_away_before_its_batch_is_not_run()
    {
        var model = new RecordingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(20), MaxBatchSize = 8 });
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var abandoned = batching.PredictAsync("abandoned", cancellation.Token).AsTask();
        var kept = await batching.PredictAsync("kept", CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal("kept", kept.Text);
        Assert.Equal(1, model.BatchSizes.Sum());
    }

    [Fact]
    public async Task A_text_alone_in_its_batch_stops_when_its_caller_goes_away_while_it_runs()
    {
        var model = new WaitingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions());
        using var cancellation = new CancellationTokenSource();

        var abandoned = batching.PredictAsync("long", cancellation.Token).AsTask();
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.True(abandoned.IsCanceled);
        Assert.True(model.StoppedByItsCaller);
    }

    [Fact]
    public async Task A_batch_of_several_stops_when_all_its_callers_have_gone()
    {
        var model = new GatedClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromSeconds(5), MaxBatchSize = 2 });
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();

        var a = batching.PredictAsync("a", first.Token).AsTask();
        var b = batching.PredictAsync("b", second.Token).AsTask();
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(2, model.BatchSize);
        await first.CancelAsync();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(model.Stopped.Task.IsCompleted, "the pass stopped while a caller still waited");

        await second.CancelAsync();

        Assert.True(await model.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_batch_serves_the_callers_that_stayed_and_cancels_the_one_that_left()
    {
        var model = new GatedClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromSeconds(5), MaxBatchSize = 3 });
        using var leaving = new CancellationTokenSource();
        using var staying = new CancellationTokenSource();

        var left = batching.PredictAsync("left", leaving.Token).AsTask();
        var stayed = batching.PredictAsync("stayed", staying.Token).AsTask();
        var uncancellable = batching.PredictAsync("uncancellable", CancellationToken.None).AsTask();
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await leaving.CancelAsync();
        model.Release();

        Assert.Equal("stayed", (await stayed.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Text);
        Assert.Equal("uncancellable", (await uncancellable.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Text);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.False(await model.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_callers_of_a_finished_batch_cannot_stop_the_next_one()
    {
        var model = new GatedClassifier { CallsWithoutWaiting = 1 };
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromSeconds(5), MaxBatchSize = 2 });
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        await Task.WhenAll(batching.PredictAsync("a", first.Token).AsTask(), batching.PredictAsync("b", second.Token).AsTask())
            .WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        using var third = new CancellationTokenSource();
        using var fourth = new CancellationTokenSource();
        var next = Task.WhenAll(batching.PredictAsync("c", third.Token).AsTask(), batching.PredictAsync("d", fourth.Token).AsTask());
        await model.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await first.CancelAsync();
        await second.CancelAsync();
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(model.Stopped.Task.IsCompleted, "the earlier batch's callers stopped this one");
        model.Release();

        Assert.Equal(["c", "d"], (await next.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Select(p => p.Text));
    }

    [Fact]
    public async Task One_failing_text_fails_only_its_own_request()
    {
        var model = new RecordingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromMilliseconds(50), MaxBatchSize = 8 });

        var good = batching.PredictAsync("good", CancellationToken.None).AsTask();
        var bad = batching.PredictAsync("bad", CancellationToken.None).AsTask();
        var other = batching.PredictAsync("other", CancellationToken.None).AsTask();

        Assert.Equal("good", (await good).Text);
        Assert.Equal("other", (await other).Text);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
    }

    [Fact]
    public void Synchronous_and_batch_calls_go_straight_to_the_model()
    {
        var model = new RecordingClassifier();
        var batching = new MicroBatchingClassifier(model, new MicroBatchingOptions { MaxDelay = TimeSpan.FromSeconds(1) });

        Assert.Equal("x", batching.Predict("x").Text);
        Assert.Equal(["y", "z"], batching.PredictBatch(["y", "z"]).Select(p => p.Text));
        Assert.Equal(model.Labels, batching.Labels);
    }

    // A model whose pass runs until its token is cancelled (at most 10 s), as the engine's checks stop a long pass.
    private sealed class WaitingClassifier : ITextClassifier
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool StoppedByItsCaller { get; private set; }

        public ModelIdentifier Identifier { get; } = ModelIdentifier.Parse("waiting");

        public IReadOnlyList<string> Labels { get; } = ["a"];

        public ModelDetails Details => new(Labels, "count", 1, [], 0, new Dictionary<string, string>(), []);

        public Prediction Predict(string text) => throw new NotSupportedException();

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => throw new NotSupportedException("the caller's token was not passed");

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Started.SetResult();
            StoppedByItsCaller = cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException("the pass was not stopped");
        }
    }

    // A model whose pass (after the first CallsWithoutWaiting) waits until it is released (then answers) or its token
    // is cancelled (then stops), at most 10 s.
    private sealed class GatedClassifier : ITextClassifier
    {
        private readonly ManualResetEventSlim gate = new();
        private int calls;

        public int CallsWithoutWaiting { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>True when the pass stopped on its token, false when it answered.</summary>
        public TaskCompletionSource<bool> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int BatchSize { get; private set; }

        public ModelIdentifier Identifier { get; } = ModelIdentifier.Parse("gated");

        public IReadOnlyList<string> Labels { get; } = ["a"];

        public ModelDetails Details => new(Labels, "count", 1, [], 0, new Dictionary<string, string>(), []);

        public void Release() => gate.Set();

        public Prediction Predict(string text) => throw new NotSupportedException();

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => throw new NotSupportedException("the batch's token was not passed");

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            if (++calls <= CallsWithoutWaiting)
            {
                return [.. texts.Select(t => new Prediction(t, Labels, [1f]))];
            }

            BatchSize = texts.Count;
            Started.SetResult();
            var released = WaitHandle.WaitAny([gate.WaitHandle, cancellationToken.WaitHandle], TimeSpan.FromSeconds(10)) == 0;
            Stopped.SetResult(!released);
            cancellationToken.ThrowIfCancellationRequested();
            return [.. texts.Select(t => new Prediction(t, Labels, [1f]))];
        }
    }
}
