using System.Net;
using System.Text.Json;

namespace Nlp.Api.IntegrationTests.Infrastructure;

internal static class PredictionAssert
{
    public const double Tolerance = 1e-5;

    /// <summary>The served answer equals the reference: text, best label, score string and every label's score.</summary>
    public static void MatchesReference(JsonElement expected, JsonElement actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.GetProperty("text").GetString(), actual.GetProperty("text").GetString());
        Assert.Equal(expected.GetProperty("topic").GetProperty("name").GetString(), actual.GetProperty("topic").GetProperty("name").GetString());
        Assert.Equal(expected.GetProperty("topic").GetProperty("score").GetString(), actual.GetProperty("topic").GetProperty("score").GetString());

        var want = expected.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("score").GetDouble());
        var got = actual.GetProperty("topics").EnumerateArray().Select(t => (Name: t.GetProperty("name").GetString()!, Score: t.GetProperty("score").GetDouble())).ToList();
        Assert.Equal(want.Count, got.Count);
        foreach (var (name, score) in got)
        {
            Assert.True(Math.Abs(want[name] - score) <= tolerance, $"{name}: served {score}, reference {want[name]}");
        }

        Assert.Equal(got.Select(g => g.Score).OrderDescending(), got.Select(g => g.Score));
    }

    /// <summary>
    /// Posts the probes' texts to the batch route of <paramref name="model"/> and checks every prediction against its
    /// probe, in order.
    /// </summary>
    public static async Task BatchMatchesReference(HttpClient client, string model, IReadOnlyList<JsonElement> probes, double tolerance = Tolerance)
    {
        var response = await client.PostAsync($"/v1/models/{model}:predict",
            Json.Body(JsonSerializer.Serialize(new { instances = probes.Select(p => p.GetProperty("text").GetString()) })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await Json.ReadAsync(response)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(probes.Count, predictions.Count);
        for (var i = 0; i < probes.Count; i++)
        {
            MatchesReference(probes[i], predictions[i], tolerance);
        }
    }
}
