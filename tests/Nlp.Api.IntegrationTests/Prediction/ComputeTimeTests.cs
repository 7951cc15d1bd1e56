using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// <c>Prediction:MaxComputeTime</c> bounds each forward pass. With a limit no pass can meet (100 ns: vectorising the
/// text alone takes longer), every path answers 400 naming the limit and the setting; the default (30 s) serves every
/// other test. Where the pass is checked is pinned by the engine's <c>ComputeBudgetTests</c>.
/// </summary>
public sealed class ComputeTimeTests
{
    private const string Detail =
        "The request takes too long for model 'count_yaml_sigmoid': the forward pass was stopped after its limit of 0.0001 ms " +
        "(Prediction:MaxComputeTime); send shorter texts or fewer at once.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pass_past_the_limit_answers_400_naming_the_setting(bool microBatching)
    {
        using var factory = Factory(microBatching);
        var client = factory.CreateClient();

        var single = await client.PostAsync("/noauth/predict", Json.Predict("count_yaml_sigmoid", "hi there"));
        var batch = await client.PostAsync("/v1/models/count_yaml_sigmoid:predict", Json.Body("""{"instances":["hi","bye"]}"""));

        foreach (var response in new[] { single, batch })
        {
            await RequestErrorTests.AssertProblem(response, HttpStatusCode.BadRequest);
            Assert.Equal(Detail, (await Json.ReadAsync(response)).GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("2.00:00:00")]
    public void A_limit_out_of_range_stops_the_start(string value) =>
        Assert.Contains("MaxComputeTime", ApiFactory.StartFailure("Prediction:MaxComputeTime", value).ToString(), StringComparison.Ordinal);

    private static ApiFactory Factory(bool microBatching) => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Prediction:MaxComputeTime"] = "00:00:00.0000001",
            ["Prediction:MicroBatching:Enabled"] = microBatching ? "true" : "false",
        },
    };
}
