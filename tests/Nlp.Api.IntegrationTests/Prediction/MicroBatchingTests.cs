using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// With <c>Prediction:MicroBatching</c> on, concurrent requests are answered from shared forward passes and still
/// equal the numpy reference, each with its own text.
/// </summary>
public sealed class MicroBatchingTests
{
    [Fact]
    public async Task Concurrent_requests_equal_the_numpy_reference()
    {
        using var factory = new ApiFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Prediction:MicroBatching:Enabled"] = "true",
                ["Prediction:MicroBatching:MaxDelay"] = "00:00:00.005",
                ["Prediction:MicroBatching:MaxBatchSize"] = "8",
            },
        };
        var client = factory.CreateClient();
        var probes = ExpectedTopics.FixtureProbes().ToList();

        // Each probe three times, all at once, so that batches mix texts (and models).
        var calls = probes.Concat(probes).Concat(probes).Select(async p =>
        {
            var response = await client.PostAsync("/noauth/predict?includeAllTopics=true", Json.Predict(p.Model, p.Probe.GetProperty("text").GetString()!));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (p.Probe, Body: await Json.ReadAsync(response));
        });

        foreach (var (probe, body) in await Task.WhenAll(calls))
        {
            PredictionAssert.MatchesReference(probe, body);
        }

        // Some forward passes held several texts: more texts than passes in the batch-size histogram.
        var metrics = await client.GetStringAsync("/metrics");
        Assert.True(Total(metrics, "nlp_prediction_batch_size_sum") > Total(metrics, "nlp_prediction_batch_size_count"), metrics);
    }

    private static double Total(string metrics, string series) =>
        metrics.Split('\n').Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
