using System.Runtime.CompilerServices;
using Mediator;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Application.Predictions.Predict;

/// <summary>Classify one text with the model of the given folder name.</summary>
public sealed record PredictCommand(string? ModelIdentifier, string? Text) : IRequest<Prediction>;

public sealed class PredictCommandHandler(IModelRepository models) : IRequestHandler<PredictCommand, Prediction>
{
    // With micro-batching the awaited prediction completes later, so this method's state is boxed: pooled boxes.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Prediction> Handle(PredictCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = await models.GetAsync(Domain.ModelIdentifier.Parse(request.ModelIdentifier), cancellationToken);
        return await model.PredictAsync(request.Text!, cancellationToken);
    }
}
