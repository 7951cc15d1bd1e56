using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// <c>Prediction:MaxPassValues</c> (default 64 Mi floats) bounds the pooled memory of one forward pass: a batch request
/// under the lowest setting answers what it answers under the default, and a value out of range stops the start.
/// </summary>
public sealed class PassValuesSettingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-pass-values-").FullName;

    [Fact]
    public async Task A_batch_under_the_lowest_setting_answers_as_under_the_default()
    {
        // seq_long: Embedding(10, 1024) on open steps, ~1,025 floats per token: 300 texts of 4 tokens need ~1.2 M floats,
        // over the lowest setting's 1 Mi, so they run in several passes there and in one by default.
        ModelFolders.CopyEngineModel(_root, "passes", "seq_long", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        var texts = Enumerable.Range(0, 300).Select(i => i % 2 == 0 ? "hi my good i" : "good i hi my").ToArray();
        using var lowest = new ApiFactory { ModelsPath = _root, Settings = new Dictionary<string, string?> { ["Prediction:MaxPassValues"] = "1048576" } };
        using var standard = new ApiFactory { ModelsPath = _root };

        var body = JsonSerializer.Serialize(new { instances = texts });

        var split = await lowest.CreateClient().PostAsync("/v1/models/passes:predict", Json.Body(body));
        var whole = await standard.CreateClient().PostAsync("/v1/models/passes:predict", Json.Body(body));

        Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(await whole.Content.ReadAsStringAsync(), await split.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("1048575")]
    [InlineData("1073741825")]
    public void A_setting_out_of_range_stops_the_start(string value) =>
        Assert.Contains("MaxPassValues", ApiFactory.StartFailure("Prediction:MaxPassValues", value).ToString(), StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
