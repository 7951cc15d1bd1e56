using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Application.Common.Interfaces;

/// <summary>What operators see and do with the model folders: list, inspect, reload.</summary>
public interface IModelCatalog
{
    IReadOnlyList<ModelStatus> List();

    /// <exception cref="Exceptions.ModelNotFoundException">No folder of that name.</exception>
    ModelStatus Get(ModelIdentifier identifier);

    /// <summary>Loads the current files of one model (or of all when null) beside the serving version and swaps on success.</summary>
    Task<IReadOnlyList<ModelStatus>> ReloadAsync(ModelIdentifier? identifier, CancellationToken cancellationToken);
}
