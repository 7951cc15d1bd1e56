using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Application.Common.Interfaces;

/// <summary>A loaded, immutable, thread-safe model: text in, one score per label out.</summary>
public interface ITextClassifier
{
    ModelIdentifier Identifier { get; }

    IReadOnlyList<string> Labels { get; }

    /// <summary>Input pipeline, layers, parameter count and file hashes, for the models API.</summary>
    ModelDetails Details { get; }

    Prediction Predict(string text);

    /// <summary>
    /// Classifies one text for a request. A deployment may gather concurrent calls for the same model into one
    /// forward pass (micro-batching); the default runs <see cref="Predict"/> at once.
    /// </summary>
    ValueTask<Prediction> PredictAsync(string text, CancellationToken cancellationToken) => ValueTask.FromResult(Predict(text));

    /// <summary>Classifies several texts in one forward pass; the results are in input order.</summary>
    IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts);

    /// <summary>
    /// <see cref="PredictBatch(IReadOnlyList{string})"/> for a request: a model may stop its forward pass once
    /// <paramref name="cancellationToken"/> is cancelled (the caller went away) with an <see cref="OperationCanceledException"/>.
    /// </summary>
    IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken) => PredictBatch(texts);
}
