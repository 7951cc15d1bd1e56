using System.Text.Json.Serialization;

namespace Nlp.Api.Contracts;

/// <summary>
/// The answer of the predict endpoints, byte-compatible with the original service: <c>text</c> echoed, <c>topic</c>
/// with the best label; <c>topics</c> (every label, highest first) only when asked for.
/// </summary>
public sealed record PredictResponse(
    string Text,
    TopicDto Topic,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TopicScoreDto>? Topics);
