namespace Nlp.Infrastructure.Inference;

/// <summary>
/// The wall-clock limit of one forward pass (<c>Prediction:MaxComputeTime</c>; the passes of one batch's parts share
/// it, see <see cref="Start"/>). It is checked before every layer, every <see cref="RecurrentCheckInterval"/> steps of
/// a recurrent layer, per sample (and head) of an attention layer and after every <see cref="CheckWork"/>
/// multiply-adds of a long product or convolution, so a text or a batch that would take longer stops there with
/// <see cref="ComputeTimeExceededException"/>; what runs between two checks (a few milliseconds of arithmetic, or an
/// element-wise layer over at most the activation limit) runs to its end. The clock is the system's coarse
/// millisecond clock (<see cref="Environment.TickCount64"/>, a few nanoseconds to read, a few milliseconds of
/// resolution): the limit is whole milliseconds, rounded down, and a pass may overrun it by the clock's resolution.
/// The same checks stop a pass whose request was cancelled (the caller went away) with an
/// <see cref="OperationCanceledException"/>. Each workspace owns one, started by
/// <see cref="CompiledNetwork.Begin(TimeSpan?, CancellationToken, TimeSpan)"/> and stopped when the call ends: nothing
/// is allocated per call, and an unlimited budget never reads the clock.
/// </summary>
internal sealed class ComputeBudget(Func<long>? milliseconds = null)
{
    /// <summary>Recurrent steps between two checks.</summary>
    public const int RecurrentCheckInterval = 16;

    /// <summary>
    /// The multiply-adds a long operation (a product over many steps, a convolution) does between two checks: about 2
    /// ms on one core at the FMA units' peak (57 G multiply-adds per second here), a few times that for the sparse
    /// and portable kernels.
    /// </summary>
    public const long CheckWork = 1L << 27;

    private readonly Func<long> clock = milliseconds ?? (static () => Environment.TickCount64);
    private long deadline = long.MaxValue;
    private TimeSpan limit = Timeout.InfiniteTimeSpan;
    private CancellationToken cancellation;

    /// <summary>A budget that is never started: for layers run outside a network call.</summary>
    public static ComputeBudget Unlimited { get; } = new();

    /// <summary>
    /// Starts a call: it may run for <paramref name="maximum"/> (null: no limit) less what its request has
    /// <paramref name="spent"/> already (earlier parts of a batch) from now, and until
    /// <paramref name="cancellationToken"/> is cancelled. A stopped call reports <paramref name="maximum"/>.
    /// </summary>
    public void Start(TimeSpan? maximum, CancellationToken cancellationToken = default, TimeSpan spent = default)
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
        deadline = clock() + (long)Math.Clamp(Math.Floor((value - spent).TotalMilliseconds), 0, long.MaxValue / 2);
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

    /// <summary>How many rows of <paramref name="workPerRow"/> multiply-adds each fit between two checks (at least one).</summary>
    public static int RowsPerCheck(long workPerRow) => (int)Math.Clamp(CheckWork / Math.Max(1, workPerRow), 1, int.MaxValue);

    /// <summary>
    /// In a loop over rows of <see cref="RowsPerCheck"/>'s <paramref name="rowsPerCheck"/>: checks before row
    /// <paramref name="row"/> when a whole part of rows lies behind it.
    /// </summary>
    public void CheckAt(long row, int rowsPerCheck)
    {
        if (row > 0 && row % rowsPerCheck == 0)
        {
            Check();
        }
    }
}
