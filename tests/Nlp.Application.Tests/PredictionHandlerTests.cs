using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Application.Predictions.Predict;
using Nlp.Application.Predictions.PredictBatch;
using Nlp.Domain;

namespace Nlp.Application.Tests;

/// <summary>The prediction handlers hand the request's cancellation token to the model, so a pass can stop when the caller goes away.</summary>
public sealed class PredictionHandlerTests
{
    [Fact]
    public async Task The_single_prediction_passes_the_request_token_to_the_model()
    {
        var model = new TokenRecordingModel();
        using var cancellation = new CancellationTokenSource();

        await new PredictCommandHandler(new OneModel(model)).Handle(new PredictCommand("m", "hi"), cancellation.Token);

        Assert.Equal(cancellation.Token, model.Token);
    }

    [Fact]
    public async Task The_batch_prediction_passes_the_request_token_to_the_model()
    {
        var model = new TokenRecordingModel();
        using var cancellation = new CancellationTokenSource();

        var predictions = await new PredictBatchCommandHandler(new OneModel(model)).Handle(new PredictBatchCommand("m", ["a", "b"]), cancellation.Token);

        Assert.Equal(cancellation.Token, model.Token);
        Assert.Equal(["a", "b"], predictions.Select(p => p.Text));
    }

    private sealed class OneModel(ITextClassifier model) : IModelRepository
    {
        public ValueTask<ITextClassifier> GetAsync(ModelIdentifier identifier, CancellationToken cancellationToken) => ValueTask.FromResult(model);
    }

    private sealed class TokenRecordingModel : ITextClassifier
    {
        public CancellationToken Token { get; private set; }

        public ModelIdentifier Identifier { get; } = ModelIdentifier.Parse("m");

        public IReadOnlyList<string> Labels { get; } = ["a"];

        public ModelDetails Details => new(Labels, "test", null, [], 0, new Dictionary<string, string>(), []);

        public Prediction Predict(string text) => new(text, Labels, [1f]);

        public ValueTask<Prediction> PredictAsync(string text, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            return ValueTask.FromResult(Predict(text));
        }

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => throw new InvalidOperationException("the request's token was dropped");

        public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            return [.. texts.Select(Predict)];
        }
    }
}
