using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// <c>Prediction:MaxActivationValues</c> (default 16 Mi) caps the values of one layer output per text: a text whose
/// length makes a layer output larger answers 400 naming the setting, a deployment may lower or raise it, and a value
/// out of range stops the start.
/// </summary>
public sealed class ActivationLimitSettingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-activation-limit-").FullName;

    [Fact]
    public async Task A_lowered_limit_refuses_a_text_one_token_over_it_and_serves_one_at_it()
    {
        // seq_long: Embedding(10, 1024) on open steps, 1,024 values per token; "hi my good i" is 4 tokens of ids < 10.
        ModelFolders.CopyEngineModel(_root, "limited", "seq_long", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory
        {
            ModelsPath = _root,
            Settings = new Dictionary<string, string?> { ["Prediction:MaxActivationValues"] = "4096" },
        };
        var client = factory.CreateClient();

        var atLimit = await client.PostAsync("/noauth/predict", Json.Predict("limited", "hi my good i"));
        var overLimit = await client.PostAsync("/noauth/predict", Json.Predict("limited", "hi my good i my"));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        await RequestErrorTests.AssertProblem(overLimit, HttpStatusCode.BadRequest);
        Assert.Equal(
            "The text is too long for model 'limited': a layer output of shape [5, 1024] would hold 5,120 values per text, "
            + "over the limit of 4,096 (0.02 MiB, Prediction:MaxActivationValues).",
            (await Json.ReadAsync(overLimit)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_default_limit_serves_the_same_text()
    {
        ModelFolders.CopyEngineModel(_root, "unlimited", "seq_long", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory { ModelsPath = _root };

        var response = await factory.CreateClient().PostAsync("/noauth/predict", Json.Predict("unlimited", "hi my good i my"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("1023")]
    [InlineData("268435457")]
    public void A_limit_out_of_range_stops_the_start(string value) =>
        Assert.Contains("MaxActivationValues", ApiFactory.StartFailure("Prediction:MaxActivationValues", value).ToString(), StringComparison.Ordinal);

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
