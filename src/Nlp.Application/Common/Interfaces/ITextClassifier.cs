using Nlp.Domain;

namespace Nlp.Application.Common.Interfaces;

/// <summary>A loaded, immutable, thread-safe model: text in, one score per label out.</summary>
public interface ITextClassifier
{
    ModelIdentifier Identifier { get; }

    IReadOnlyList<string> Labels { get; }

    Prediction Predict(string text);

    /// <summary>Classifies several texts in one forward pass; the results are in input order.</summary>
    IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts);
}
