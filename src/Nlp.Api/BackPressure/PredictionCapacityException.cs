namespace Nlp.Api.BackPressure;

/// <summary>Every prediction slot is taken and the queue is full: answered with 503 and <c>Retry-After</c>.</summary>
internal sealed class PredictionCapacityException(int retryAfterSeconds)
    : Exception($"The server is at its limit of concurrent predictions; retry after {retryAfterSeconds} s.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
