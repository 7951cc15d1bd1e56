using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Api.BackPressure;
using Nlp.Api.IntegrationTests.Infrastructure;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;
using Domain = Nlp.Domain;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// A bounded number of predictions run at once; beyond the queue the Api answers 503 with Retry-After. The model is
/// replaced by one that blocks until released, so "in flight" is deterministic. Its counts on <c>/metrics</c> are read
/// alone (<see cref="MetricsReadAlone"/>).
/// </summary>
[Collection(MetricsReadAlone.Name)]
public sealed class BackPressureTests
{
    [Fact]
    public async Task Beyond_the_limit_and_queue_requests_get_503_with_retry_after()
    {
        using var gate = new SemaphoreSlim(0);
        using var factory = new ApiFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Http:MaxConcurrentPredictions"] = "1",
                ["Http:PredictionQueueLimit"] = "1",
                ["Http:RetryAfterSeconds"] = "7",
            },
        };
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IModelRepository>(new BlockingRepository(gate))));
        var client = app.CreateClient();

        var running = client.PostAsync("/noauth/predict", Json.Predict("m", "first"));
        var queued = client.PostAsync("/noauth/predict", Json.Predict("m", "second"));
        // One request holds the slot and the other waits in the queue before the third is sent.
        var predictionGate = app.Services.GetRequiredService<PredictionGate>();
        await WaitUntil(() => BlockingRepository.Entered >= 1 && predictionGate.Waiting == 1);
        var rejected = await client.PostAsync("/noauth/predict", Json.Predict("m", "third"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), rejected.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        gate.Release(2);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);

        // The wait of the queued request and the refusal are on /metrics.
        var metrics = await client.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        Assert.Matches("(?m)^nlp_prediction_rejected_total(\\{[^}]*\\})? 1( |$)", metrics);
        Assert.Matches("(?m)^nlp_prediction_queue_duration_seconds_count(\\{[^}]*\\})? 1( |$)", metrics);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    private sealed class BlockingRepository(SemaphoreSlim gate) : IModelRepository
    {
        private static int _entered;

        public static int Entered => Volatile.Read(ref _entered);

        public async ValueTask<ITextClassifier> GetAsync(ModelIdentifier identifier, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _entered);
            await gate.WaitAsync(cancellationToken);
            return new OneLabelModel(identifier);
        }
    }

    private sealed class OneLabelModel(ModelIdentifier identifier) : ITextClassifier
    {
        public ModelIdentifier Identifier { get; } = identifier;

        public IReadOnlyList<string> Labels { get; } = ["only"];

        public ModelDetails Details => new(Labels, "test", null, [], 0, new Dictionary<string, string>(), []);

        public Domain.Prediction Predict(string text) => new(text, Labels, [1f]);

        public IReadOnlyList<Domain.Prediction> PredictBatch(IReadOnlyList<string> texts) => [.. texts.Select(Predict)];
    }
}
