using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// Dense-only Keras 2 model folders in every vectoriser mode and both H5 layouts: the served topics equal the numpy
/// reference over the real Tokenizer's matrix within 1e-5, through every predict route.
/// </summary>
public sealed class FixtureModelTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> Probes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (model, probe) in ExpectedTopics.FixtureProbes())
        {
            data.Add(model, probe.GetProperty("text").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Post_with_all_topics_equals_the_numpy_reference(string model, string text)
    {
        var response = await factory.CreateClient().PostAsync("/noauth/predict",
            Json.Body(JsonSerializer.Serialize(new { modelIdentifier = model, text, includeAllTopics = true })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PredictionAssert.MatchesReference(Expected(model, text), await Json.ReadAsync(response));
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Get_equals_the_numpy_reference(string model, string text)
    {
        var url = $"/noauth/predict?modelIdentifier={model}&text={Uri.EscapeDataString(text)}&includeAllTopics=true";

        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PredictionAssert.MatchesReference(Expected(model, text), await Json.ReadAsync(response));
    }

    [Fact]
    public async Task Batch_answers_every_instance_in_order()
    {
        foreach (var model in ExpectedTopics.FixtureModels())
        {
            var probes = ExpectedTopics.FixtureProbes().Where(p => p.Model == model).Select(p => p.Probe).ToList();
            await PredictionAssert.BatchMatchesReference(factory.CreateClient(), model, probes);
        }
    }

    [Fact]
    public async Task Without_includeAllTopics_the_answer_has_exactly_the_original_shape()
    {
        var (model, probe) = ExpectedTopics.FixtureProbes().First();

        var response = await factory.CreateClient().PostAsync("/noauth/predict", Json.Predict(model, probe.GetProperty("text").GetString()!));

        var body = await Json.ReadAsync(response);
        Assert.Equal(["text", "topic"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "score"], body.GetProperty("topic").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.String, body.GetProperty("topic").GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task A_broken_model_answers_500_naming_model_and_file_while_others_keep_serving()
    {
        var client = factory.CreateClient();

        var broken = await client.PostAsync("/noauth/predict", Json.Predict("broken_truncated_h5", "hello"));
        var healthy = await client.PostAsync("/noauth/predict", Json.Predict("count_yaml_sigmoid", "hello"));

        await RequestErrorTests.AssertProblem(broken, HttpStatusCode.InternalServerError);
        var detail = (await Json.ReadAsync(broken)).GetProperty("detail").GetString()!;
        Assert.Contains("broken_truncated_h5", detail, StringComparison.Ordinal);
        Assert.Contains("weights.h5", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    private static JsonElement Expected(string model, string text) =>
        ExpectedTopics.FixtureProbes().Single(p => p.Model == model && p.Probe.GetProperty("text").GetString() == text).Probe;
}
