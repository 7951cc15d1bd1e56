using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>One text waiting in a micro-batch queue, its caller's cancellation token, and the task its caller awaits.</summary>
internal sealed class PendingPrediction(string text, CancellationToken cancellationToken = default)
{
    // Continuations run on the thread pool, never inline on the batch worker.
    private readonly TaskCompletionSource<Prediction> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Text { get; } = text;

    public Task<Prediction> Task => completion.Task;

    /// <summary>Whether the caller went away (its request was cancelled) while the text waited.</summary>
    public bool IsCancelled => cancellationToken.IsCancellationRequested;

    /// <summary>The caller's token: cancelled when its request is.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    public void Cancel() => completion.TrySetCanceled(cancellationToken);

    public void Complete(Prediction prediction) => completion.TrySetResult(prediction);

    public void Fail(Exception error) => completion.TrySetException(error);
}
