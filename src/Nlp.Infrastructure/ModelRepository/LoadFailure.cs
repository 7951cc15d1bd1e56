using Nlp.Application.Common.Exceptions;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The last failed load of a folder: on which files it failed, when, and why.</summary>
internal sealed record LoadFailure(ModelLoadException Error, string Fingerprint, DateTimeOffset At)
{
    /// <summary>A fresh exception with the same message, so concurrent waiters never share one exception object.</summary>
    public ModelLoadException Rethrowable() => new(Error.ModelIdentifier, Error.FileName, Error.Problem);
}
