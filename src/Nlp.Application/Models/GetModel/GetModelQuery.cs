using FluentValidation;
using Mediator;
using Nlp.Application.Common;
using Nlp.Application.Common.Interfaces;

namespace Nlp.Application.Models.GetModel;

/// <summary>One model folder's state and details.</summary>
public sealed record GetModelQuery(string? ModelIdentifier) : IRequest<ModelStatus>;

public sealed class GetModelQueryHandler(IModelCatalog catalog) : IRequestHandler<GetModelQuery, ModelStatus>
{
    public ValueTask<ModelStatus> Handle(GetModelQuery request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ValueTask.FromResult(catalog.Get(Domain.ModelIdentifier.Parse(request.ModelIdentifier)));
    }
}

public sealed class GetModelQueryValidator : AbstractValidator<GetModelQuery>
{
    public GetModelQueryValidator() => RuleFor(q => q.ModelIdentifier).MustBeModelIdentifier();
}
