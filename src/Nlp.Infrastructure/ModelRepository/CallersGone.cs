namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// The token a micro-batch of several texts runs under: cancelled once every one of its callers has gone away (a
/// batch still serves whoever waits, but stops at its next check when no one does). One per batch worker, reused
/// batch after batch; <see cref="Watch"/> starts a batch, <see cref="Stop"/> ends it (after which no caller's
/// cancellation reaches it).
/// </summary>
internal sealed class CallersGone
{
    private readonly List<CancellationTokenRegistration> registrations = [];
    private CancellationTokenSource source = new();
    private int waiting;

    /// <summary>
    /// Starts watching <paramref name="batch"/>'s callers; returns the batch's token (<see cref="CancellationToken.None"/>
    /// when a caller cannot go away: its token can never be cancelled).
    /// </summary>
    public CancellationToken Watch(IReadOnlyList<PendingPrediction> batch)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (!batch[i].CancellationToken.CanBeCanceled)
            {
                return CancellationToken.None;
            }
        }

        if (!source.TryReset())
        {
            source.Dispose();
            source = new CancellationTokenSource();
        }

        waiting = batch.Count;
        for (var i = 0; i < batch.Count; i++)
        {
            // Runs at once if the caller has already gone.
            registrations.Add(batch[i].CancellationToken.UnsafeRegister(static state => ((CallersGone)state!).OneGone(), this));
        }

        return source.Token;
    }

    /// <summary>Ends the batch: waits for any caller's cancellation already running here, then forgets the callers.</summary>
    public void Stop()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        registrations.Clear();
    }

    private void OneGone()
    {
        if (Interlocked.Decrement(ref waiting) == 0)
        {
            source.Cancel();
        }
    }
}
