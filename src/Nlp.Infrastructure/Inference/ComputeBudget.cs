namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The wall-clock limit of one forward pass (<c>Prediction:MaxComputeTime</c>). It is checked before every layer, every
/// <see cref="RecurrentCheckInterval"/> steps of a recurrent layer and per sample (and head) of an attention layer, so a
/// text or a batch that would take longer stops there with <see cref="ComputeTimeExceededException"/>; any other
/// single layer runs to its end. The clock is the system's coarse millisecond clock (<see cref="Environment.TickCount64"/>,
/// a few nanoseconds to read, a few milliseconds of resolution): the limit is whole milliseconds, rounded down, and a
/// pass may overrun it by the clock's resolution. The same checks stop a pass whose request was cancelled (the caller
/// went away) with an <see cref="OperationCanceledException"/>. Each workspace owns one, started by
/// <see cref="CompiledNetwork.Begin(TimeSpan?, CancellationToken)"/> and stopped when the call ends: nothing is
/// allocated per call, and an unlimited budget never reads the clock.
/// </summary>
internal sealed class ComputeBudget(Func<long>? milliseconds = null)
{
    /// <summary>Recurrent steps between two checks.</summary>
    public const int RecurrentCheckInterval = 16;

    private readonly Func<long> clock = milliseconds ?? (static () => Environment.TickCount64);
    private long deadline = long.MaxValue;
    private TimeSpan limit = Timeout.InfiniteTimeSpan;
    private CancellationToken cancellation;

    /// <summary>A budget that is never started: for layers run outside a network call.</summary>
    public static ComputeBudget Unlimited { get; } = new();

    /// <summary>
    /// Starts a call: it may run for <paramref name="maximum"/> from now (null: no limit) and until
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public void Start(TimeSpan? maximum, CancellationToken cancellationToken = default)
    {
        if (ReferenceEquals(this, Unlimited))
        {
            throw new InvalidOperationException("the shared unlimited budget cannot be started");
        }

        Stop();
        cancellation = cancellationToken;
        if (maximum is not { } value || value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        limit = value;
        deadline = clock() + (long)Math.Clamp(Math.Floor(value.TotalMilliseconds), 0, long.MaxValue / 2);
    }

    public void Stop()
    {
        deadline = long.MaxValue;
        limit = Timeout.InfiniteTimeSpan;
        cancellation = default;
    }

    /// <summary>
    /// Throws <see cref="ComputeTimeExceededException"/> once the call has reached its deadline, and
    /// <see cref="OperationCanceledException"/> once its cancellation token is cancelled.
    /// </summary>
    public void Check()
    {
        if (deadline != long.MaxValue && clock() >= deadline)
        {
            throw new ComputeTimeExceededException(limit);
        }

        cancellation.ThrowIfCancellationRequested();
    }
}
