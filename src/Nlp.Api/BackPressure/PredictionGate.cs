using System.Diagnostics;

namespace Nlp.Api.BackPressure;

/// <summary>
/// Back-pressure on inference: at most <see cref="Capacity"/> predictions run at once
/// (<see cref="HttpLimitsOptions.ConcurrentPredictions"/>), up to <see cref="HttpLimitsOptions.PredictionQueueLimit"/>
/// more wait (oldest first: a freed slot goes to the longest waiter), and beyond that <see cref="EnterAsync"/> throws
/// <see cref="PredictionCapacityException"/>, which the exception handler answers with 503 and <c>Retry-After</c>.
/// A free slot costs one uncontended semaphore check and records nothing; only requests that wait or are turned away
/// are measured (<see cref="BackPressureMetrics"/>). It replaces ASP.NET Core's rate-limiting middleware on these
/// routes, whose per-request partition lookup, lease objects and meters cost more than the rest of our request
/// handling on a small model (docs/benchmarks.md).
/// </summary>
internal sealed class PredictionGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly int _queueLimit;
    private readonly int _retryAfterSeconds;
    private readonly BackPressureMetrics _metrics;
    private int _waiting;

    public PredictionGate(int maxConcurrent, int queueLimit, int retryAfterSeconds, BackPressureMetrics metrics)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrent);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        ArgumentNullException.ThrowIfNull(metrics);
        _slots = new SemaphoreSlim(maxConcurrent, maxConcurrent);
        Capacity = maxConcurrent;
        _queueLimit = queueLimit;
        _retryAfterSeconds = retryAfterSeconds;
        _metrics = metrics;
    }

    /// <summary>How many predictions may run at once.</summary>
    public int Capacity { get; }

    /// <summary>Requests waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Takes a slot, waiting in line for one if none is free; pair every completed call with <see cref="Exit"/>.</summary>
    public ValueTask EnterAsync(CancellationToken cancellationToken) =>
        _slots.Wait(0, CancellationToken.None) ? ValueTask.CompletedTask : WaitForSlotAsync(cancellationToken);

    /// <summary>Gives the slot back (to the longest waiter, if any).</summary>
    public void Exit() => _slots.Release();

    public void Dispose() => _slots.Dispose();

    private async ValueTask WaitForSlotAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _queueLimit)
        {
            Interlocked.Decrement(ref _waiting);
            _metrics.Rejected();
            throw new PredictionCapacityException(_retryAfterSeconds);
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        _metrics.Waited(Stopwatch.GetElapsedTime(start));
    }
}
