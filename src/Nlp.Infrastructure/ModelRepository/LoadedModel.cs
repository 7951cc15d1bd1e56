using Nlp.Application.Common.Interfaces;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>One loaded version of a model folder: immutable; requests that hold it finish on it after a swap.</summary>
internal sealed record LoadedModel(ITextClassifier Model, string Fingerprint, DateTimeOffset LoadedAt, int Version);
