using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// A model folder whose network uses a model as a layer (Keras 2.2.4 functional Model with a nested Sequential
/// encoder: Embedding(mask_zero, frozen) + LSTM, saved as one weights group): every served topic equals the numpy
/// reference of Fixtures/expected_nested_topics.json (tests/tools/make_nested_api_fixture.py) within 1e-4, for the
/// unpadded sequence, so the mask made inside the nested model is honoured.
/// </summary>
public sealed class NestedModelTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Model = "nested_encoder_k2";
    private const double Tolerance = 1e-4;

    private static readonly Lazy<JsonElement> Expected = new(() => JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "expected_nested_topics.json"))).RootElement.Clone());

    public static TheoryData<string> Texts() => [.. Probes().Select(p => p.GetProperty("text").GetString()!)];

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task Post_with_all_topics_equals_the_reference(string text)
    {
        var response = await factory.CreateClient().PostAsync("/noauth/predict",
            Json.Body(JsonSerializer.Serialize(new { modelIdentifier = Model, text, includeAllTopics = true })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PredictionAssert.MatchesReference(Probes().Single(p => p.GetProperty("text").GetString() == text), await Json.ReadAsync(response), Tolerance);
    }

    [Fact]
    public async Task A_batch_of_padded_texts_equals_the_unpadded_reference()
    {
        await PredictionAssert.BatchMatchesReference(factory.CreateClient(), Model, Probes(), Tolerance);
    }

    [Fact]
    public async Task The_model_details_list_the_nested_models_layers()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/noauth/predict", Json.Predict(Model, "great"))).StatusCode);

        var details = (await Json.ReadAsync(await client.GetAsync($"/v1/models/{Model}"))).GetProperty("details");

        Assert.Equal(
            ["input_1", "encoder/embedding_1", "encoder/lstm_1", "dense_1"],
            details.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(12, details.GetProperty("inputLength").GetInt32());
    }

    private static List<JsonElement> Probes() =>
        [.. Expected.Value.GetProperty("models").GetProperty(Model).GetProperty("probes").EnumerateArray()];
}
