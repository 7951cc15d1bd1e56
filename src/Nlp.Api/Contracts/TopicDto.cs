namespace Nlp.Api.Contracts;

/// <summary>The best label and its score written like Python's <c>str(round(x, 2))</c>, e.g. <c>"0.93"</c>.</summary>
public sealed record TopicDto(string Name, string Score);
