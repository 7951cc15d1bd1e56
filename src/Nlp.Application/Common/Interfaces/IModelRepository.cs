using Nlp.Domain;

namespace Nlp.Application.Common.Interfaces;

/// <summary>Finds model folders and hands out loaded models, loading each once.</summary>
public interface IModelRepository
{
    /// <exception cref="Exceptions.ModelNotFoundException">No model folder of that name.</exception>
    /// <exception cref="Exceptions.ModelLoadException">The folder exists but cannot be served.</exception>
    ValueTask<ITextClassifier> GetAsync(ModelIdentifier identifier, CancellationToken cancellationToken);
}
