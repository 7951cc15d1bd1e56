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
        var folder = Directory.CreateDirectory(Path.Combine(_root, "two_inputs")).FullName;
        var engineFixtures = Path.Combine(ApiFactory.RepositoryRoot, "tests", "Nlp.Infrastructure.Tests", "Fixtures", "Engine");
        File.Copy(Path.Combine(engineFixtures, "func_shared.json"), Path.Combine(folder, "model.json"));
        File.Copy(Path.Combine(engineFixtures, "func_shared.h5"), Path.Combine(folder, "weights.h5"));
        File.Copy(Path.Combine(ApiFactory.FixtureModels, "count_yaml_sigmoid", "smalltalk_tokenizer.pkl"), Path.Combine(folder, "tokenizer.pkl"));
        File.WriteAllText(Path.Combine(folder, "serving.yaml"), "labels: [a, b]\n");

        var response = await Predict("two_inputs");

        await RequestErrorTests.AssertProblem(response, HttpStatusCode.InternalServerError);
        Assert.Contains("the network has 2 inputs", (await Json.ReadAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<HttpResponseMessage> Predict(string model)
    {
        using var factory = new ApiFactory { ModelsPath = _root };
        return await factory.CreateClient().PostAsync("/noauth/predict", Json.Predict(model, "hi there"));
    }

    private string Copy(string name, string? servingYaml)
    {
        var source = Path.Combine(ApiFactory.FixtureModels, "count_yaml_sigmoid");
        var target = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        if (servingYaml is not null)
        {
            File.WriteAllText(Path.Combine(target, "serving.yaml"), servingYaml);
        }

        return target;
    }
}
