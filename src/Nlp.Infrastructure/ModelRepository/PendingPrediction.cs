using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// One text waiting in a micro-batch queue, its caller's cancellation token, and the value task its caller awaits.
/// Pooled: <see cref="Rent"/> takes one from its <see cref="Pool"/>, and the caller's single await hands it back
/// when it reads the result, so a micro-batched request allocates no completion source or task. It is completed at
/// most once (a later <see cref="Complete"/>, <see cref="Fail"/> or <see cref="Cancel"/> does nothing); whoever
/// completes it must not touch it afterwards, since the caller may already have handed it to another request.
/// </summary>
internal sealed class PendingPrediction : IValueTaskSource<Prediction>
{
    private readonly Pool owner;

    // Continuations run on the thread pool, never inline on the batch worker.
    private ManualResetValueTaskSourceCore<Prediction> core = new() { RunContinuationsAsynchronously = true };
    private int completed;

    private PendingPrediction(Pool owner) => this.owner = owner;

    public string Text { get; private set; } = "";

    /// <summary>The caller's token: cancelled when its request is.</summary>
    public CancellationToken CancellationToken { get; private set; }

    /// <summary>Whether the caller went away (its request was cancelled) while the text waited.</summary>
    public bool IsCancelled => CancellationToken.IsCancellationRequested;

    /// <summary>What the caller awaits, once.</summary>
    public ValueTask<Prediction> Task => new(this, core.Version);

    /// <summary>A pending prediction of <paramref name="text"/> from <paramref name="pool"/> (a new one when it is empty).</summary>
    public static PendingPrediction Rent(Pool pool, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var pending = pool.Take() ?? new PendingPrediction(pool);
        pending.Text = text;
        pending.CancellationToken = cancellationToken;
        return pending;
    }

    public void Cancel()
    {
        if (Claim())
        {
            core.SetException(new OperationCanceledException(CancellationToken));
        }
    }

    public void Complete(Prediction prediction)
    {
        if (Claim())
        {
            core.SetResult(prediction);
        }
    }

    public void Fail(Exception error)
    {
        if (Claim())
        {
            core.SetException(error);
        }
    }

    /// <summary>Hands back one that was never queued (its caller did not get its task).</summary>
    public void Release() => Recycle();

    Prediction IValueTaskSource<Prediction>.GetResult(short token)
    {
        try
        {
            return core.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    ValueTaskSourceStatus IValueTaskSource<Prediction>.GetStatus(short token) => core.GetStatus(token);

    void IValueTaskSource<Prediction>.OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        core.OnCompleted(continuation, state, token, flags);

    private bool Claim() => Interlocked.Exchange(ref completed, 1) == 0;

    private void Recycle()
    {
        core.Reset();
        Text = "";
        CancellationToken = default;
        Volatile.Write(ref completed, 0);
        owner.Return(this);
    }

    /// <summary>The pending predictions of one micro-batching model, at most <paramref name="capacity"/> kept.</summary>
    internal sealed class Pool(int capacity)
    {
        private readonly ConcurrentQueue<PendingPrediction> kept = new();
        private int count;

        /// <summary>How many are kept now (tests).</summary>
        public int Count => Volatile.Read(ref count);

        internal PendingPrediction? Take()
        {
            if (!kept.TryDequeue(out var pending))
            {
                return null;
            }

            Interlocked.Decrement(ref count);
            return pending;
        }

        internal void Return(PendingPrediction pending)
        {
            if (Interlocked.Increment(ref count) > capacity)
            {
                Interlocked.Decrement(ref count);
                return;
            }

            kept.Enqueue(pending);
        }
    }
}
