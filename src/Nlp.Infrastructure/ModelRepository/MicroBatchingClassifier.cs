using System.Diagnostics;
using System.Threading.Channels;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// Micro-batching around one loaded model: <see cref="PredictAsync"/> queues the text on the model's channel and one
/// worker runs what has gathered as a single <see cref="ITextClassifier.PredictBatch"/>. A batch starts with the
/// first waiting text, takes every text already queued (those that arrived while the previous batch ran), then
/// waits up to <see cref="MicroBatchingOptions.MaxDelay"/> for more, at most
/// <see cref="MicroBatchingOptions.MaxBatchSize"/> texts. Each caller gets the prediction of its own text, the same
/// as unbatched; a batch stops when all its callers have gone away (a text alone: when its caller has, as unbatched),
/// and a caller that went away while its batch ran gets a cancelled task, not a result. Synchronous and batch calls
/// go straight to the model. The worker is an async loop that holds no
/// thread while it awaits the channel; only the channel references it, so both go once the catalog drops the model.
/// </summary>
internal sealed class MicroBatchingClassifier : ITextClassifier
{
    private readonly ITextClassifier model;
    private readonly Channel<PendingPrediction> queue =
        Channel.CreateUnbounded<PendingPrediction>(new UnboundedChannelOptions { SingleReader = true });

    private readonly long maxDelayTicks;
    private readonly int maxBatchSize;
    private readonly CallersGone callersGone = new();
    private readonly PendingPrediction.Pool pendingPool;

    public MicroBatchingClassifier(ITextClassifier model, MicroBatchingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        this.model = model;
        maxDelayTicks = (long)(options.MaxDelay.TotalSeconds * Stopwatch.Frequency);
        maxBatchSize = Math.Max(1, options.MaxBatchSize);
        pendingPool = new PendingPrediction.Pool(PooledPendingPerBatch * maxBatchSize);
        _ = Task.Run(RunAsync);
    }

    /// <summary>How many batches' worth of waiting texts keep their <see cref="PendingPrediction"/> for the next requests.</summary>
    public const int PooledPendingPerBatch = 4;

    public ModelIdentifier Identifier => model.Identifier;

    public IReadOnlyList<string> Labels => model.Labels;

    public ModelDetails Details => model.Details;

    /// <summary>The model underneath.</summary>
    public ITextClassifier Model => model;

    public Prediction Predict(string text) => model.Predict(text);

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => model.PredictBatch(texts);

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        model.PredictBatch(texts, cancellationToken);

    public ValueTask<Prediction> PredictAsync(string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var pending = PendingPrediction.Rent(pendingPool, text, cancellationToken);
        if (queue.Writer.TryWrite(pending))
        {
            return pending.Task;
        }

        pending.Release();
        return ValueTask.FromResult(model.Predict(text));
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingPrediction>(maxBatchSize);
        var texts = new List<string>(maxBatchSize);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            Gather(reader, batch);
            if (batch.Count > 0)
            {
                Run(batch, texts);
            }

            batch.Clear();
            texts.Clear();
        }
    }

    private void Gather(ChannelReader<PendingPrediction> reader, List<PendingPrediction> batch)
    {
        while (batch.Count < maxBatchSize && reader.TryRead(out var next))
        {
            Take(next, batch);
        }

        if (maxDelayTicks <= 0)
        {
            return;
        }

        // The window is shorter than a timer tick, so it is waited out here, yielding the core to the threads
        // that are parsing the next requests.
        var deadline = Stopwatch.GetTimestamp() + maxDelayTicks;
        while (batch.Count < maxBatchSize && Stopwatch.GetTimestamp() < deadline)
        {
            if (reader.TryRead(out var next))
            {
                Take(next, batch);
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    // A text whose caller went away while it waited is not run: its task is cancelled.
    private static void Take(PendingPrediction next, List<PendingPrediction> batch)
    {
        if (next.IsCancelled)
        {
            next.Cancel();
        }
        else
        {
            batch.Add(next);
        }
    }

    private void Run(List<PendingPrediction> batch, List<string> texts)
    {
        foreach (var pending in batch)
        {
            texts.Add(pending.Text);
        }

        // A text alone in its batch stops with its caller (the pass checks the token); a batch of several runs for
        // whichever callers are still waiting, and stops when none is. A pending prediction is completed once and not
        // touched again (its caller hands it to the next request), so the results are handed out after the pass.
        var token = batch.Count == 1 ? batch[0].CancellationToken : callersGone.Watch(batch);
        IReadOnlyList<Prediction> predictions;
        try
        {
            predictions = model.PredictBatch(texts, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            foreach (var pending in batch)
            {
                pending.Cancel();
            }

            return;
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One text's failure must not fail the others: run them one by one.
            foreach (var pending in batch)
            {
                RunAlone(pending);
            }

            return;
        }
        catch (Exception error)
        {
            batch[0].Fail(error);
            return;
        }
        finally
        {
            if (batch.Count > 1)
            {
                callersGone.Stop();
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            Complete(batch[i], predictions[i]);
        }
    }

    private static void Complete(PendingPrediction pending, Prediction prediction)
    {
        if (pending.IsCancelled)
        {
            pending.Cancel();
        }
        else
        {
            pending.Complete(prediction);
        }
    }

    private void RunAlone(PendingPrediction pending)
    {
        try
        {
            Complete(pending, model.PredictBatch([pending.Text], pending.CancellationToken)[0]);
        }
        catch (OperationCanceledException) when (pending.IsCancelled)
        {
            pending.Cancel();
        }
        catch (Exception error)
        {
            pending.Fail(error);
        }
    }
}
