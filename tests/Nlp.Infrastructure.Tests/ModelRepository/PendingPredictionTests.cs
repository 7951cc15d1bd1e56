using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// The pooled waiting entry of a micro-batched request: its caller's await hands it back for the next request, it is
/// completed once (the batch worker's later completions of the same entry do nothing), and the pool keeps at most its
/// capacity.
/// </summary>
public sealed class PendingPredictionTests
{
    private static readonly Prediction Answer = new("hello", ["greeting", "goodbye"], [0.9f, 0.1f]);

    [Fact]
    public async Task The_callers_await_hands_the_entry_back_for_the_next_request()
    {
        var pool = new PendingPrediction.Pool(4);
        var first = PendingPrediction.Rent(pool, "hello");
        var task = first.Task;
        first.Complete(Answer);

        Assert.Same(Answer, await task);
        Assert.Equal(1, pool.Count);
        var second = PendingPrediction.Rent(pool, "again");
        Assert.Same(first, second);
        Assert.Equal("again", second.Text);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task An_entry_is_completed_once()
    {
        var pool = new PendingPrediction.Pool(4);
        var pending = PendingPrediction.Rent(pool, "hello");
        var task = pending.Task;
        pending.Complete(Answer);
        pending.Cancel();
        pending.Fail(new InvalidOperationException("late"));

        Assert.Same(Answer, await task);
    }

    [Fact]
    public async Task A_cancelled_entry_throws_with_its_callers_token_and_is_reused_clean()
    {
        var pool = new PendingPrediction.Pool(4);
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var pending = PendingPrediction.Rent(pool, "hello", gone.Token);
        var task = pending.Task;
        pending.Cancel();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await task);
        Assert.Equal(gone.Token, error.CancellationToken);

        var next = PendingPrediction.Rent(pool, "next");
        Assert.Same(pending, next);
        Assert.False(next.IsCancelled);
        var nextTask = next.Task;
        next.Complete(Answer);
        Assert.Same(Answer, await nextTask);
    }

    [Fact]
    public async Task A_failed_entry_throws_the_error()
    {
        var pool = new PendingPrediction.Pool(4);
        var pending = PendingPrediction.Rent(pool, "hello");
        var task = pending.Task;
        pending.Fail(new InvalidOperationException("broken"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await task);
        Assert.Equal("broken", error.Message);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task The_pool_keeps_at_most_its_capacity()
    {
        var pool = new PendingPrediction.Pool(2);
        var entries = Enumerable.Range(0, 5).Select(i => PendingPrediction.Rent(pool, $"text {i}")).ToArray();
        var tasks = entries.Select(e => e.Task).ToArray();
        foreach (var entry in entries)
        {
            entry.Complete(Answer);
        }

        foreach (var task in tasks)
        {
            await task;
        }

        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void An_entry_that_was_never_queued_goes_back_unused()
    {
        var pool = new PendingPrediction.Pool(2);
        var pending = PendingPrediction.Rent(pool, "hello");
        pending.Release();

        Assert.Equal(1, pool.Count);
        Assert.Same(pending, PendingPrediction.Rent(pool, "again"));
    }
}
