using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>
/// A model folder whose tokenizer gives token ids its Embedding does not accept (a common training mistake:
/// <c>input_dim = len(word_index)</c>, or a tokenizer refitted after training). Keras on CPU raises for such a text
/// and scores every other one; the service does the same: the load names the mismatch as a warning, a text that hits
/// it answers a 500 naming the model, the layer and the id (never the text), and the model keeps serving.
/// </summary>
public sealed class VocabularyMismatchTests : IDisposable
{
    // seq_long: Embedding(input_dim 10, 1024) on open steps; the small-talk tokenizer's ids go up to 195
    // ("hi there" is [4, 22]; "hi, my good i" is [4, 1, 3, 2]).
    private const string OutOfRange =
        "Model 'vocab' cannot score this text: layer 'embedding_1' (Embedding): token id 22 at position 1 is outside [0, 10) (input_dim).";

    private readonly string _root = Directory.CreateTempSubdirectory("nlp-vocab-").FullName;

    [Fact]
    public async Task The_load_warns_a_text_with_an_id_out_of_range_answers_500_naming_it_and_others_are_served()
    {
        CopyEngineModel("vocab", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory { ModelsPath = _root };
        var client = factory.CreateClient();

        var inRange = await client.PostAsync("/noauth/predict", Json.Predict("vocab", "hi, my good i"));
        var outOfRange = await client.PostAsync("/noauth/predict", Json.Predict("vocab", "hi there"));
        var details = (await Json.ReadAsync(await client.GetAsync("/v1/models/vocab"))).GetProperty("details");

        Assert.Equal(HttpStatusCode.OK, inRange.StatusCode);
        await RequestErrorTests.AssertProblem(outOfRange, HttpStatusCode.InternalServerError);
        var problem = await Json.ReadAsync(outOfRange);
        Assert.Equal("The model cannot score this text.", problem.GetProperty("title").GetString());
        Assert.Equal(OutOfRange, problem.GetProperty("detail").GetString());
        Assert.Equal(
            ["tokenizer.pkl gives token ids up to 195, but Embedding 'embedding_1' accepts 0 to 9 (input_dim 10): a text with a word of a larger id cannot be scored, as in Keras."],
            Warnings(details));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/noauth/predict", Json.Predict("vocab", "my good"))).StatusCode);
    }

    [Fact]
    public async Task In_a_batch_request_the_whole_batch_answers_500_as_Keras_predict_raises()
    {
        CopyEngineModel("vocab", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory { ModelsPath = _root };

        var response = await factory.CreateClient().PostAsync("/v1/models/vocab:predict", Json.Body("""{"instances":["hi my","hi there"]}"""));

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Equal(OutOfRange, (await Json.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task With_micro_batching_only_the_request_with_the_bad_text_fails()
    {
        CopyEngineModel("vocab", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory
        {
            ModelsPath = _root,
            Settings = new Dictionary<string, string?>
            {
                ["Prediction:MicroBatching:Enabled"] = "true",
                ["Prediction:MicroBatching:MaxDelay"] = "00:00:00.020",
                ["Prediction:MicroBatching:MaxBatchSize"] = "16",
            },
        };
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/noauth/predict", Json.Predict("vocab", "hi"))).StatusCode);

        var texts = Enumerable.Repeat("hi, my good i", 7).Append("hi there").ToArray();
        var responses = await Task.WhenAll(texts.Select(t => client.PostAsync("/noauth/predict", Json.Predict("vocab", t))));

        Assert.All(responses[..^1], r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await RequestErrorTests.AssertProblem(responses[^1], HttpStatusCode.InternalServerError);
        Assert.Equal(OutOfRange, (await Json.ReadAsync(responses[^1])).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_load_check_whose_text_cannot_be_scored_fails_the_load_naming_the_check()
    {
        CopyEngineModel("vocab", "labels: [a, b, c]\ninput:\n  mode: sequences\nchecks:\n  - text: \"hi there\"\n    label: a\n");
        using var factory = new ApiFactory { ModelsPath = _root };

        var response = await factory.CreateClient().PostAsync("/noauth/predict", Json.Predict("vocab", "hi"));

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Equal(
            $"Model 'vocab' cannot be loaded: serving.yaml: check 1 (\"hi there\") failed: {OutOfRange}",
            (await Json.ReadAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_padding_id_the_Embedding_does_not_accept_is_a_warning_and_a_short_text_answers_500()
    {
        // seq_bilstm_masked_k2: Embedding(input_dim 161) over 12 steps; its tokenizer's ids go up to 160.
        var folder = CopyFixtureModel("padded", "seq_bilstm_masked_k2");
        File.WriteAllText(Path.Combine(folder, "serving.yaml"), "input:\n  mode: sequences\n  value: 161\n");
        using var factory = new ApiFactory { ModelsPath = _root };
        var client = factory.CreateClient();

        var shortText = await client.PostAsync("/noauth/predict", Json.Predict("padded", "great"));
        var details = (await Json.ReadAsync(await client.GetAsync("/v1/models/padded"))).GetProperty("details");

        await RequestErrorTests.AssertProblem(shortText, HttpStatusCode.InternalServerError);
        Assert.Equal(
            "Model 'padded' cannot score this text: layer 'embedding_1' (Embedding): token id 161 at position 0 is outside [0, 161) (input_dim).",
            (await Json.ReadAsync(shortText)).GetProperty("detail").GetString());
        Assert.Equal(
            ["input.value 161 (the padding id) is outside 0 to 160, what Embedding 'embedding_1' accepts: a text shorter than the input cannot be scored."],
            Warnings(details));
    }

    [Fact]
    public async Task A_tokenizer_that_fits_its_Embedding_loads_without_warnings()
    {
        CopyFixtureModel("fits", "seq_bilstm_masked_k2");
        using var factory = new ApiFactory { ModelsPath = _root };
        var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/noauth/predict", Json.Predict("fits", "great"))).StatusCode);
        Assert.Empty(Warnings((await Json.ReadAsync(await client.GetAsync("/v1/models/fits"))).GetProperty("details")));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string[] Warnings(JsonElement details) =>
        [.. details.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!)];

    private void CopyEngineModel(string model, string servingYaml) => ModelFolders.CopyEngineModel(_root, model, "seq_long", servingYaml);

    private string CopyFixtureModel(string model, string fixture) => ModelFolders.CopyFixture(_root, model, fixture);
}
