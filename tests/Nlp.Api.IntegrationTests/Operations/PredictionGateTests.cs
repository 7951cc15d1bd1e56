using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Api.BackPressure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>The prediction gate alone: slots, a bounded queue served oldest first, cancellation, and its meter.</summary>
public sealed class PredictionGateTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, double Value)> _measurements = [];

    public PredictionGateTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter factory: other tests' gates publish the same meter name at the same time.
            if (instrument.Meter.Name == BackPressureMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, _services.GetRequiredService<IMeterFactory>()))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument.Name, value));
        _listener.Start();
    }

    [Fact]
    public async Task Free_slots_are_taken_at_once_and_records_nothing()
    {
        using var gate = Gate(maxConcurrent: 2, queueLimit: 0);

        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully);
        gate.Exit();
        await gate.EnterAsync(CancellationToken.None);

        Assert.Empty(Measurements());
    }

    [Fact]
    public async Task Waiters_get_freed_slots_oldest_first_and_their_wait_is_recorded()
    {
        using var gate = Gate(maxConcurrent: 1, queueLimit: 3);
        await gate.EnterAsync(CancellationToken.None);
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 3).Select(i => Enter(gate, i, order)).ToArray();
        Assert.Equal(3, gate.Waiting);

        for (var i = 0; i < 3; i++)
        {
            gate.Exit();
            await waiters[i].WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }

        Assert.Equal([1, 2, 3], order);
        Assert.Equal(0, gate.Waiting);
        Assert.Equal(3, Measurements().Count(m => m.Instrument == "nlp.prediction.queue.duration"));
    }

    [Fact]
    public async Task Beyond_the_queue_limit_the_request_is_refused_with_the_retry_delay()
    {
        using var gate = Gate(maxConcurrent: 1, queueLimit: 1, retryAfterSeconds: 9);
        await gate.EnterAsync(CancellationToken.None);
        var queued = gate.EnterAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PredictionCapacityException>(async () => await gate.EnterAsync(CancellationToken.None));

        Assert.Equal(9, refused.RetryAfterSeconds);
        Assert.Equal(1, gate.Waiting);
        Assert.Contains(("nlp.prediction.rejected", 1d), Measurements());
        gate.Exit();
        await queued;
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_takes_no_slot()
    {
        using var gate = Gate(maxConcurrent: 1, queueLimit: 1);
        await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiting);
        Assert.Equal(0, gate.Waiting);
        gate.Exit();
        Assert.True(gate.EnterAsync(CancellationToken.None).IsCompletedSuccessfully, "the slot went back to the gate, not to the cancelled waiter");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -1)]
    public void Limits_are_checked(int maxConcurrent, int queueLimit) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => Gate(maxConcurrent, queueLimit));

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private static async Task Enter(PredictionGate gate, int id, List<int> order)
    {
        await gate.EnterAsync(CancellationToken.None);
        lock (order)
        {
            order.Add(id);
        }
    }

    private PredictionGate Gate(int maxConcurrent, int queueLimit, int retryAfterSeconds = 1) =>
        new(maxConcurrent, queueLimit, retryAfterSeconds, new BackPressureMetrics(_services.GetRequiredService<IMeterFactory>()));

    private void Record(string instrument, double value)
    {
        lock (_measurements)
        {
            _measurements.Add((instrument, value));
        }
    }

    private List<(string Instrument, double Value)> Measurements()
    {
        lock (_measurements)
        {
            return [.. _measurements];
        }
    }
}
