using System.Globalization;
using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>
/// Successful predictions through the generated client. They need a loadable model: the models root named by
/// <c>NLP_CLIENT_TEST_MODELS</c> holding <c>keras_small_talk_model</c>; without it they say they skipped.
/// </summary>
public sealed class PredictionRoundTripTests
{
    private const string ModelsVariable = "NLP_CLIENT_TEST_MODELS";
    private const string Model = "keras_small_talk_model";
    private const string Text = "hi there, good morning";

    [Fact]
    public async Task Predict_POST_echoes_the_text_and_names_the_top_label()
    {
        using var api = CreateApi();
        var client = api.CreateNlpClient();
        var labels = await LabelsAsync(client);

        var response = await client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = Model, Text = Text }, includeAllTopics: true, TestContext.Current.CancellationToken);

        Assert.Equal(Text, response.Text);
        Assert.Contains(response.Topic.Name, labels);
        AssertTopicsAgreeWithTopic(response, labels.Count);
    }

    [Fact]
    public async Task Predict_GET_answers_what_POST_answers()
    {
        using var api = CreateApi();
        var client = api.CreateNlpClient();

        var posted = await client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = Model, Text = Text }, cancellationToken: TestContext.Current.CancellationToken);
        var got = await client.NoAuthPredictGetAsync(Model, Text, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(posted.Text, got.Text);
        Assert.Equal(posted.Topic.Name, got.Topic.Name);
        Assert.Equal(posted.Topic.Score, got.Topic.Score);
        Assert.Null(got.Topics);
    }

    [Fact]
    public async Task Batch_keeps_the_input_order_and_matches_single_predictions()
    {
        using var api = CreateApi();
        var client = api.CreateNlpClient();
        string[] texts = ["hi there, good morning", "thank you so much", "what can you do?"];

        var batch = await client.NoAuthPredictBatchAsync(Model, new PredictBatchRequest { Instances = texts }, TestContext.Current.CancellationToken);

        Assert.Equal(texts, batch.Predictions.Select(p => p.Text));
        foreach (var (text, prediction) in texts.Zip(batch.Predictions))
        {
            var single = await client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = Model, Text = text }, includeAllTopics: true, TestContext.Current.CancellationToken);
            Assert.Equal(single.Topic.Name, prediction.Topic.Name);
            Assert.Equal(single.Topic.Score, prediction.Topic.Score);
            Assert.Equal(single.Topics!.Count, prediction.Topics!.Count);
        }
    }

    [Fact]
    public async Task A_loaded_model_is_listed_as_available_with_its_labels()
    {
        using var api = CreateApi();
        var client = api.CreateNlpClient();
        await client.NoAuthPredictGetAsync(Model, Text, cancellationToken: TestContext.Current.CancellationToken);

        var model = await client.GetModelAsync(Model, TestContext.Current.CancellationToken);

        Assert.Equal(ModelState.Available, model.State);
        Assert.NotEmpty(model.Details!.Labels);
        Assert.NotNull(model.LoadedAt);
        Assert.Contains((await client.ListModelsAsync(TestContext.Current.CancellationToken)).Models, m => m.Identifier == Model);
    }

    private static ApiFactory CreateApi()
    {
        var root = Environment.GetEnvironmentVariable(ModelsVariable);
        if (string.IsNullOrEmpty(root) || !Directory.Exists(Path.Combine(root, Model)))
        {
            Assert.Skip($"Set {ModelsVariable} to a models root holding {Model} to run the success-path client tests.");
        }

        return new ApiFactory { ModelsPath = root };
    }

    private static async Task<IList<string>> LabelsAsync(NlpInferenceClient client)
    {
        await client.NoAuthPredictGetAsync(Model, Text, cancellationToken: TestContext.Current.CancellationToken);
        return (await client.GetModelAsync(Model, TestContext.Current.CancellationToken)).Details!.Labels;
    }

    /// <summary>
    /// <c>topic</c> is the highest of <c>topics</c> (sorted, highest first) and its score is that value rounded to
    /// 2 decimals, written as a string (CONTRACT.md section 2).
    /// </summary>
    private static void AssertTopicsAgreeWithTopic(PredictResponse response, int labelCount)
    {
        var topics = response.Topics!;
        Assert.Equal(labelCount, topics.Count);
        Assert.Equal(topics.OrderByDescending(t => t.Score).Select(t => t.Name), topics.Select(t => t.Name));
        Assert.Equal(response.Topic.Name, topics[0].Name);
        Assert.Matches(@"^\d\.\d{1,2}$", response.Topic.Score);
        var score = double.Parse(response.Topic.Score, CultureInfo.InvariantCulture);
        Assert.Equal(topics[0].Score, score, tolerance: 0.005 + 1e-6);
    }
}
