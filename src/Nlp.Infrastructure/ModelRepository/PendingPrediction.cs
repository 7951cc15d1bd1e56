using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>One text waiting in a micro-batch queue, and the task its caller awaits.</summary>
internal sealed class PendingPrediction(string text)
{
    // Continuations run on the thread pool, never inline on the batch worker.
    private readonly TaskCompletionSource<Prediction> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Text { get; } = text;

    public Task<Prediction> Task => completion.Task;

    public void Complete(Prediction prediction) => completion.TrySetResult(prediction);

    public void Fail(Exception error) => completion.TrySetException(error);
}
