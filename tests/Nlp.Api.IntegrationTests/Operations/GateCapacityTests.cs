using Microsoft.Extensions.DependencyInjection;
using Nlp.Api.BackPressure;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// How many predictions the gate lets run at once, as the host builds it from configuration: 4 per core by default,
/// at least a whole micro-batch when micro-batching is on, and exactly <c>Http:MaxConcurrentPredictions</c> when set.
/// </summary>
public sealed class GateCapacityTests
{
    [Fact]
    public void Unset_and_without_micro_batching_it_is_four_per_core()
    {
        Assert.Equal(Math.Max(4, Environment.ProcessorCount * 4), Capacity(new()
        {
            ["Prediction:MicroBatching:MaxBatchSize"] = "4096",
        }));
    }

    [Fact]
    public void Unset_with_micro_batching_a_whole_batch_can_gather()
    {
        Assert.Equal(4096, Capacity(new()
        {
            ["Prediction:MicroBatching:Enabled"] = "true",
            ["Prediction:MicroBatching:MaxBatchSize"] = "4096",
        }));
    }

    [Fact]
    public void A_configured_limit_wins()
    {
        Assert.Equal(3, Capacity(new()
        {
            ["Http:MaxConcurrentPredictions"] = "3",
            ["Prediction:MicroBatching:Enabled"] = "true",
            ["Prediction:MicroBatching:MaxBatchSize"] = "4096",
        }));
    }

    private static int Capacity(Dictionary<string, string?> settings)
    {
        using var factory = new ApiFactory { Settings = settings };
        return factory.Services.GetRequiredService<PredictionGate>().Capacity;
    }
}
