using System.Collections.Concurrent;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// A classifier whose three scores are a function of the text alone (so every caller can check it got its own
/// answer), which records the size of every batch it ran and fails on the text "bad".
/// </summary>
internal sealed class RecordingClassifier : ITextClassifier
{
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    public ModelIdentifier Identifier { get; } = ModelIdentifier.Parse("recording");

    public IReadOnlyList<string> Labels { get; } = ["a", "b", "c"];

    public ModelDetails Details => new(Labels, "count", 1, [], 0, new Dictionary<string, string>(), []);

    public static float[] Scores(string text) => [text.Length % 7 / 7f, text.Count(char.IsDigit) / 10f, text.GetHashCode(StringComparison.Ordinal) % 100 / 100f];

    public Prediction Predict(string text) => text == "bad" ? throw new InvalidOperationException("bad text") : new(text, Labels, Scores(text));

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
    {
        BatchSizes.Enqueue(texts.Count);
        return [.. texts.Select(Predict)];
    }
}
