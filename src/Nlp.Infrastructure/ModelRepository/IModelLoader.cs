using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Builds a servable model from one model folder; throws <c>ModelLoadException</c> when it cannot.</summary>
internal interface IModelLoader
{
    ITextClassifier Load(ModelIdentifier identifier, string folder, CancellationToken cancellationToken);
}
