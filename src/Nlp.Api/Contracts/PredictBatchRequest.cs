namespace Nlp.Api.Contracts;

/// <summary>The body of <c>POST /v1/models/{modelIdentifier}:predict</c> (TensorFlow Serving / Vertex shape).</summary>
public sealed class PredictBatchRequest
{
    /// <summary>The texts to classify, each one document.</summary>
    public IReadOnlyList<string?>? Instances { get; set; }
}
