using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Common.Telemetry;
using Nlp.Application.Models;
using Nlp.Domain;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// A loaded model folder: vectoriser → compiled network → labels. Thread-safe; its only mutable state is what it has
/// learned of its own memory use (<see cref="Parts"/>).
/// </summary>
internal sealed class KerasTextClassifier(
    ModelIdentifier identifier,
    ITextVectorizer vectorizer,
    CompiledNetwork network,
    string? outputName,
    IReadOnlyList<string> labels,
    ModelDetails details,
    PredictionMetrics metrics) : ITextClassifier
{
    private readonly BatchParts parts = new(vectorizer.HasVariableLength);

    /// <summary>
    /// The most pooled values one forward pass may use (<c>Prediction:MaxPassValues</c>): a batch that needs more runs
    /// in several passes (see <see cref="BatchParts"/>).
    /// </summary>
    public long MaxPassValues
    {
        get => parts.Budget;
        init => parts = new BatchParts(vectorizer.HasVariableLength, value);
    }

    public ModelIdentifier Identifier { get; } = identifier;

    /// <summary>
    /// The longest the forward passes of one call (one text, or every part of a batch together) may run (see
    /// <see cref="ComputeBudget"/>); null: no limit.
    /// </summary>
    public TimeSpan? MaxComputeTime { get; init; }

    /// <summary>The clock that times a batch's parts against <see cref="MaxComputeTime"/> (and the inference metric).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How this model's batches are split into forward passes (what they have needed so far).</summary>
    internal BatchParts Parts => parts;

    public IReadOnlyList<string> Labels { get; } = labels;

    public ModelDetails Details { get; } = details;

    /// <summary>The compiled network (benchmarks time it alone).</summary>
    public CompiledNetwork Network => network;

    public Prediction Predict(string text) => PredictBatch([text])[0];

    /// <summary>One text for a request: its forward pass stops once <paramref name="cancellationToken"/> is cancelled.</summary>
    public ValueTask<Prediction> PredictAsync(string text, CancellationToken cancellationToken) =>
        ValueTask.FromResult(PredictBatch([text], cancellationToken)[0]);

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => PredictBatch(texts, CancellationToken.None);

    /// <summary>
    /// One forward pass on pooled memory (several for a batch over <see cref="MaxPassValues"/>, sharing
    /// one <see cref="MaxComputeTime"/>): only the predictions (and their list) are allocated. A pass stops at its next
    /// check (see <see cref="ComputeBudget"/>) once <paramref name="cancellationToken"/> is cancelled, with an
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var started = Time.GetTimestamp();
        var width = Labels.Count;
        var predictions = new Prediction[texts.Count];
        for (var start = 0; start < texts.Count;)
        {
            var count = parts.NextPart(texts, start);
            var part = count == texts.Count ? texts : new ListSlice<string>(texts, start, count);
            var spent = start > 0 && MaxComputeTime is not null ? Time.GetElapsedTime(started) : TimeSpan.Zero;
            using (var call = network.Begin(MaxComputeTime, cancellationToken, spent))
            {
                var scores = Run(call, part).Data;
                for (var i = 0; i < count; i++)
                {
                    predictions[start + i] = new Prediction(part[i], Labels, scores.AsSpan(i * width, width));
                }
            }

            start += count;
        }

        metrics.RecordInference(Identifier.Value, texts.Count, Time.GetElapsedTime(started));
        return predictions;
    }

    /// <summary>The raw network outputs, <c>[texts.Count, Labels.Count]</c> row-major, in an array of their own.</summary>
    public float[] Scores(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        using var call = network.Begin(MaxComputeTime);
        return Run(call, texts).Data.AsSpan(0, texts.Count * Labels.Count).ToArray();
    }

    // A text whose length makes a layer output larger than ActivationLimit allows (a network that leaves the number of
    // steps open) is the caller's to shorten: a 400, as a text over the length limit is; so is a pass that runs past
    // MaxComputeTime (timed from the pass's start, after any wait at the gate). A text the model's own files
    // cannot score (a token id its Embedding does not accept) is the model's problem: a 500 naming the layer.
    private Tensor Run(NetworkCall call, IReadOnlyList<string> texts)
    {
        Tensor input, output;
        try
        {
            input = vectorizer.Vectorize(texts, call.InputScratch);
            output = call.Run(input, outputName);
        }
        catch (ActivationLimitException e)
        {
            throw new DomainException($"The text is too long for model '{Identifier.Value}': {e.Message}.");
        }
        catch (ComputeTimeExceededException e)
        {
            throw new DomainException(
                $"The request takes too long for model '{Identifier.Value}': {e.Message} (Prediction:MaxComputeTime); send shorter texts or fewer at once.");
        }
        catch (LayerInputException e)
        {
            throw new ModelPredictionException(Identifier.Value, $"{e.Message}.", e);
        }

        parts.Learn(call.RentedFloats, texts.Count, input.Shape is [var steps, ..] ? steps : 1);
        return output;
    }
}
