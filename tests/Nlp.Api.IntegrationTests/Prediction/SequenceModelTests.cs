using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// Model folders of layer mixes the service was not written for (Embedding + Bidirectional LSTM with mask_zero,
/// Conv1D + GlobalMaxPooling1D, GRU reset_after, a Keras 3 .keras archive, a two-output functional model) in Keras 2
/// save_weights(), tf.keras model.save(), Keras 3 JSON + .weights.h5 and .keras layouts: every served topic equals
/// the numpy reference within 1e-4.
/// </summary>
public sealed class SequenceModelTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, string> Probes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (model, probe) in ExpectedSequenceTopics.Probes())
        {
            data.Add(model, probe.GetProperty("text").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task Post_with_all_topics_equals_the_reference(string model, string text)
    {
        var response = await factory.CreateClient().PostAsync("/noauth/predict",
            Json.Body(JsonSerializer.Serialize(new { modelIdentifier = model, text, includeAllTopics = true })));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PredictionAssert.MatchesReference(ExpectedSequenceTopics.Probe(model, text), await Json.ReadAsync(response), Tolerance);
    }

    [Theory]
    [InlineData("seq_bilstm_masked_k2")]
    [InlineData("seq_keras3_archive")]
    public async Task Padded_inputs_with_mask_zero_equal_the_unpadded_keras_result_in_a_batch(string model)
    {
        await PredictionAssert.BatchMatchesReference(factory.CreateClient(), model, ExpectedSequenceTopics.Probes(model), Tolerance);
    }

    [Fact]
    public async Task Serving_yaml_output_picks_the_named_output_and_the_first_is_the_default()
    {
        var client = factory.CreateClient();

        var named = await Json.ReadAsync(await client.PostAsync("/noauth/predict",
            Json.Body(JsonSerializer.Serialize(new { modelIdentifier = "two_outputs_named", text = "where is my package", includeAllTopics = true }))));
        var first = await Json.ReadAsync(await client.PostAsync("/noauth/predict",
            Json.Body(JsonSerializer.Serialize(new { modelIdentifier = "two_outputs_default", text = "where is my package", includeAllTopics = true }))));

        Assert.Equal(["account", "billing", "shipping", "technical"], Names(named));
        Assert.Equal(["low", "normal", "urgent"], Names(first));
    }

    [Fact]
    public async Task An_output_the_network_does_not_have_is_refused_naming_serving_yaml_and_the_outputs()
    {
        var root = Directory.CreateTempSubdirectory("nlp-output-").FullName;
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(root, "two_outputs_typo")).FullName;
            foreach (var file in Directory.GetFiles(Path.Combine(ApiFactory.FixtureModels, "two_outputs_named")))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            File.WriteAllText(Path.Combine(target, "serving.yaml"), "output: topics\nlabels: [a, b, c, d]\ninput:\n  mode: binary\n");
            using var api = new ApiFactory { ModelsPath = root };

            var response = await api.CreateClient().PostAsync("/noauth/predict", Json.Predict("two_outputs_typo", "hello"));

            await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
            var detail = (await Json.ReadAsync(response)).GetProperty("detail").GetString()!;
            Assert.Contains("serving.yaml: output 'topics' is not an output of the network (outputs: urgency, topic)", detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static IEnumerable<string> Names(JsonElement prediction) =>
        prediction.GetProperty("topics").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
}
