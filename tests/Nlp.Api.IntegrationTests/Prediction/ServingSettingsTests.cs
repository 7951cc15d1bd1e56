using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>serving.yaml: load-time checks, explicit file names and clear refusals (CONTRACT.md section 5).</summary>
public sealed class ServingSettingsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-serving-").FullName;

    [Fact]
    public async Task A_model_whose_checks_hold_is_served()
    {
        Copy("ok", servingYaml: """
            checks:
              - text: "hi there"
                label: "action > greeting"
                scores: [0.14, 0.15, 0.75]
            """);

        var response = await Predict("ok");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("label: \"action > affirm\"", "expected label 'action > affirm'")]
    [InlineData("scores: [0.5, 0.15, 0.75]", "score 0 ('action > Others')")]
    public async Task A_model_whose_check_fails_is_not_served_and_the_error_names_the_check(string expectation, string detailPart)
    {
        Copy("bad", servingYaml: $"""
            checks:
              - text: "hi there"
                {expectation}
            """);

        var response = await Predict("bad");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        var detail = (await Json.ReadAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains("check 1 (\"hi there\") failed", detail, StringComparison.Ordinal);
        Assert.Contains(detailPart, detail, StringComparison.Ordinal);
        Assert.Contains("serving.yaml", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("input:\n  mode: bag_of_words\n", "input.mode 'bag_of_words'")]
    [InlineData("weights: ../outside.h5\n", "plain file name")]
    [InlineData("tokenizer: missing.pkl\n", "'missing.pkl' does not exist")]
    [InlineData("labels: [a, b]\n", "2 labels, but the network's output has 3 values")]
    [InlineData("unknown_key: 1\n", "serving.yaml")]
    [InlineData("input:\n  mode: sequences\n  maxlen: 2000000000\n", "input.maxlen 2000000000 is over the limit of 16777216 steps per text")]
    public async Task Bad_settings_are_refused_with_a_precise_reason(string servingYaml, string detailPart)
    {
        Copy("refused", servingYaml);

        var response = await Predict("refused");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Contains(detailPart, (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_candidate_weights_files_are_refused_rather_than_guessed()
    {
        var folder = Copy("ambiguous", servingYaml: null);
        File.Copy(Path.Combine(folder, "weights.h5"), Path.Combine(folder, "other.h5"));

        var response = await Predict("ambiguous");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Contains("several weights files", (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_network_with_two_inputs_is_refused_at_load()
    {
        CopyEngineModel("two_inputs", "func_shared", "labels: [a, b]\n");

        var response = await Predict("two_inputs");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Contains("the network has 2 inputs", (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_too_long_for_a_network_with_open_steps_answers_400_and_the_model_keeps_serving()
    {
        // seq_long: Embedding(10, 1024) on a number of steps the network leaves open; 16,384 tokens fill the activation
        // limit (16 Mi values per text) exactly, one more is over it. Only words with ids below 10 (the vocabulary).
        CopyEngineModel("open_steps", "seq_long", "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        using var factory = new ApiFactory { ModelsPath = _root };
        var client = factory.CreateClient();

        var atTheLimit = await client.PostAsync("/noauth/predict", Json.Predict("open_steps", Words(16384)));
        var overTheLimit = await client.PostAsync("/noauth/predict", Json.Predict("open_steps", Words(16385)));
        var shortText = await client.PostAsync("/noauth/predict", Json.Predict("open_steps", "hi, my good i"));

        Assert.Equal(HttpStatusCode.OK, atTheLimit.StatusCode);
        await RequestErrorTests.AssertProblem(overTheLimit, HttpStatusCode.BadRequest);
        Assert.Equal(
            "The text is too long for model 'open_steps': a layer output of shape [16385, 1024] would hold 16,778,240 values per text, over the limit of 16,777,216 (64 MiB, Prediction:MaxActivationValues).",
            (await Json.ReadAsync(overTheLimit)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, shortText.StatusCode);
    }

    [Fact]
    public async Task A_load_check_text_too_long_for_the_network_fails_the_load_naming_the_check()
    {
        CopyEngineModel("open_steps_check", "seq_long", $"labels: [a, b, c]\ninput:\n  mode: sequences\nchecks:\n  - text: \"{Words(16385)}\"\n    label: a\n");

        var response = await Predict("open_steps_check");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        var detail = (await Json.ReadAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains("serving.yaml: check 1 (\"hi hi hi", detail, StringComparison.Ordinal);
        Assert.Contains("failed: The text is too long for model 'open_steps_check'", detail, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Words(int count) => string.Join(' ', Enumerable.Repeat("hi", count));

    private void CopyEngineModel(string model, string name, string servingYaml) => ModelFolders.CopyEngineModel(_root, model, name, servingYaml);

    private async Task<HttpResponseMessage> Predict(string model)
    {
        using var factory = new ApiFactory { ModelsPath = _root };
        return await factory.CreateClient().PostAsync("/noauth/predict", Json.Predict(model, "hi there"));
    }

    private string Copy(string name, string? servingYaml)
    {
        var target = ModelFolders.CopyFixture(_root, name, "count_yaml_sigmoid");
        if (servingYaml is not null)
        {
            File.WriteAllText(Path.Combine(target, "serving.yaml"), servingYaml);
        }

        return target;
    }
}
