namespace Nlp.Api.Contracts;

/// <summary>One label with its raw model output (full precision).</summary>
public sealed record TopicScoreDto(string Name, float Score);
