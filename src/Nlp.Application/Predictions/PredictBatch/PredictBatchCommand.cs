using Mediator;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Application.Predictions.PredictBatch;

/// <summary>Classify several texts with one model, in one forward pass; results keep the input order.</summary>
public sealed record PredictBatchCommand(string? ModelIdentifier, IReadOnlyList<string?>? Instances)
    : IRequest<IReadOnlyList<Prediction>>;

public sealed class PredictBatchCommandHandler(IModelRepository models)
    : IRequestHandler<PredictBatchCommand, IReadOnlyList<Prediction>>
{
    public async ValueTask<IReadOnlyList<Prediction>> Handle(PredictBatchCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = await models.GetAsync(Domain.ModelIdentifier.Parse(request.ModelIdentifier), cancellationToken);
        return model.PredictBatch([.. request.Instances!.Select(t => t!)], cancellationToken);
    }
}
