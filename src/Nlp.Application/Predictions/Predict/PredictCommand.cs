using Mediator;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Application.Predictions.Predict;

/// <summary>Classify one text with the model of the given folder name.</summary>
public sealed record PredictCommand(string? ModelIdentifier, string? Text) : IRequest<Prediction>;

public sealed class PredictCommandHandler(IModelRepository models) : IRequestHandler<PredictCommand, Prediction>
{
    // A loaded model hands back its prediction's ValueTask as it is (with micro-batching it completes later): no
    // async state to box here. Only a model still loading makes this method wait for it.
    public ValueTask<Prediction> Handle(PredictCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = models.GetAsync(Domain.ModelIdentifier.Parse(request.ModelIdentifier), cancellationToken);
        return model.IsCompletedSuccessfully
            ? model.Result.PredictAsync(request.Text!, cancellationToken)
            : AfterLoad(model, request.Text!, cancellationToken);
    }

    private static async ValueTask<Prediction> AfterLoad(ValueTask<ITextClassifier> model, string text, CancellationToken cancellationToken) =>
        await (await model).PredictAsync(text, cancellationToken);
}
