namespace Nlp.Api.Contracts;

/// <summary>The batch answer: one prediction per instance, in input order.</summary>
public sealed record PredictBatchResponse(IReadOnlyList<PredictResponse> Predictions);
