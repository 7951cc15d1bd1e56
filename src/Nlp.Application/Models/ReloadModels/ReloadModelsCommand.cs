using FluentValidation;
using Mediator;
using Nlp.Application.Common;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Application.Models.ReloadModels;

/// <summary>Reload one model (or every model when <see cref="ModelIdentifier"/> is null) from its current files.</summary>
public sealed record ReloadModelsCommand(string? ModelIdentifier) : IRequest<IReadOnlyList<ModelStatus>>;

public sealed class ReloadModelsCommandHandler(IModelCatalog catalog) : IRequestHandler<ReloadModelsCommand, IReadOnlyList<ModelStatus>>
{
    public async ValueTask<IReadOnlyList<ModelStatus>> Handle(ReloadModelsCommand request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var identifier = request.ModelIdentifier is null ? (ModelIdentifier?)null : Domain.ModelIdentifier.Parse(request.ModelIdentifier);
        return await catalog.ReloadAsync(identifier, cancellationToken);
    }
}

public sealed class ReloadModelsCommandValidator : AbstractValidator<ReloadModelsCommand>
{
    public ReloadModelsCommandValidator() =>
        When(c => c.ModelIdentifier is not null, () => RuleFor(c => c.ModelIdentifier).MustBeModelIdentifier());
}
