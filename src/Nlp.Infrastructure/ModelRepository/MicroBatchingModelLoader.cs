using Microsoft.Extensions.Options;
using Nlp.Application.Common.Interfaces;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Loads with the inner loader and, when <see cref="MicroBatchingOptions.Enabled"/>, wraps each model in a <see cref="MicroBatchingClassifier"/>.</summary>
internal sealed class MicroBatchingModelLoader(KerasModelFolderLoader inner, IOptions<MicroBatchingOptions> options) : IModelLoader
{
    public ITextClassifier Load(ModelIdentifier identifier, string folder, CancellationToken cancellationToken)
    {
        var model = inner.Load(identifier, folder, cancellationToken);
        var settings = options.Value;
        return settings.Enabled ? new MicroBatchingClassifier(model, settings) : model;
    }
}
