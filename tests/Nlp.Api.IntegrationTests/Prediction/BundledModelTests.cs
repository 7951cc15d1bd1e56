using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>The bundled demo model, served from the repository's models/ folder as the README's run command does.</summary>
public sealed partial class BundledModelTests : IClassFixture<BundledModelTests.BundledApi>
{
    private readonly HttpClient _client;

    public BundledModelTests(BundledApi api) => _client = api.Factory.CreateClient();

    [Theory]
    [InlineData("hello there, good morning", "action > greeting")]
    [InlineData("hey, good evening", "action > greeting")]
    [InlineData("cheers, that helped a lot", "action > thanks")]
    [InlineData("get me a supervisor now", "action > escalate")]
    [InlineData("see you tomorrow", "action > goodbye")]
    public async Task Unseen_phrasings_get_sensible_topics(string text, string label)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict("keras_small_talk_model", text));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal(text, body.GetProperty("text").GetString());
        Assert.Equal(label, body.GetProperty("topic").GetProperty("name").GetString());
        Assert.Matches(ScoreForm(), body.GetProperty("topic").GetProperty("score").GetString());
    }

    [Fact]
    public async Task Topics_equal_the_numpy_reference()
    {
        foreach (var (model, probe) in ExpectedTopics.BundledProbes())
        {
            var response = await _client.PostAsync("/noauth/predict?includeAllTopics=true",
                Json.Predict(model, probe.GetProperty("text").GetString()!));

            PredictionAssert.MatchesReference(probe, await Json.ReadAsync(response));
        }
    }

    [Fact]
    public async Task Json_is_escaped_as_Flask_jsonify_does()
    {
        var text = "café <b> & \"quotes\" 😀 ; second part";

        var raw = await (await _client.PostAsync("/noauth/predict", Json.Predict("keras_small_talk_model", text))).Content.ReadAsStringAsync();

        Assert.StartsWith("{\"text\":\"caf\\u00e9 <b> & \\\"quotes\\\" \\ud83d\\ude00 ; second part\",\"topic\":{\"name\":\"action > ", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_with_semicolons_is_one_document()
    {
        var whole = await Json.ReadAsync(await _client.PostAsync("/noauth/predict?includeAllTopics=true",
            Json.Predict("keras_small_talk_model", "thanks a lot; goodbye; hello")));

        Assert.Equal("thanks a lot; goodbye; hello", whole.GetProperty("text").GetString());
        Assert.Equal(6, whole.GetProperty("topics").GetArrayLength());
    }

    [GeneratedRegex(@"^(0|1)\.\d\d?$")]
    private static partial Regex ScoreForm();

    public sealed class BundledApi : IDisposable
    {
        public ApiFactory Factory { get; } = new() { ModelsPath = ApiFactory.RepositoryModels };

        public void Dispose() => Factory.Dispose();
    }
}
