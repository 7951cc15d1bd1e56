using Mediator;
using Nlp.Application.Common.Interfaces;

namespace Nlp.Application.Models.ListModels;

/// <summary>Every model folder under the models root, with its state.</summary>
public sealed record ListModelsQuery : IRequest<IReadOnlyList<ModelStatus>>;

public sealed class ListModelsQueryHandler(IModelCatalog catalog) : IRequestHandler<ListModelsQuery, IReadOnlyList<ModelStatus>>
{
    public ValueTask<IReadOnlyList<ModelStatus>> Handle(ListModelsQuery request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(catalog.List());
}
