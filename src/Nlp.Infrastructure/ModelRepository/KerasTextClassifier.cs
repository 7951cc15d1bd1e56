using System.Diagnostics;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Common.Telemetry;
using Nlp.Application.Models;
using Nlp.Domain;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>A loaded model folder: vectoriser → compiled network → labels. Immutable and thread-safe.</summary>
internal sealed class KerasTextClassifier(
    ModelIdentifier identifier,
    ITextVectorizer vectorizer,
    CompiledNetwork network,
    string? outputName,
    IReadOnlyList<string> labels,
    ModelDetails details,
    PredictionMetrics metrics) : ITextClassifier
{
    public ModelIdentifier Identifier { get; } = identifier;

    public IReadOnlyList<string> Labels { get; } = labels;

    public ModelDetails Details { get; } = details;

    /// <summary>The compiled network (benchmarks time it alone).</summary>
    public CompiledNetwork Network => network;

    public Prediction Predict(string text) => PredictBatch([text])[0];

    /// <summary>One forward pass on pooled memory: only the predictions (and their list) are allocated.</summary>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var started = Stopwatch.GetTimestamp();
        var width = Labels.Count;
        var predictions = new Prediction[texts.Count];
        using (var call = network.Begin())
        {
            var scores = Run(call, texts).Data;
            for (var i = 0; i < texts.Count; i++)
            {
                predictions[i] = new Prediction(texts[i], Labels, scores.AsSpan(i * width, width));
            }
        }

        metrics.RecordInference(Identifier.Value, texts.Count, Stopwatch.GetElapsedTime(started));
        return predictions;
    }

    /// <summary>The raw network outputs, <c>[texts.Count, Labels.Count]</c> row-major, in an array of their own.</summary>
    public float[] Scores(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        using var call = network.Begin();
        return Run(call, texts).Data.AsSpan(0, texts.Count * Labels.Count).ToArray();
    }

    // A text whose length makes a layer output larger than ActivationLimit allows (a network that leaves the number of
    // steps open) is the caller's to shorten: a 400, as a text over the length limit is.
    private Tensor Run(NetworkCall call, IReadOnlyList<string> texts)
    {
        try
        {
            return call.Run(vectorizer.Vectorize(texts, call.InputScratch), outputName);
        }
        catch (ActivationLimitException e)
        {
            throw new DomainException($"The text is too long for model '{Identifier.Value}': {e.Message}.");
        }
    }
}
