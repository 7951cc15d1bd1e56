using System.ComponentModel.DataAnnotations;

namespace Nlp.Api.Contracts;

/// <summary>
/// The flat body schema published in the OpenAPI documents for Pega's import: exactly <c>modelIdentifier</c> and
/// <c>text</c>, both required. (The endpoint also reads an optional <c>includeAllTopics</c>, see <see cref="PredictRequest"/>.)
/// </summary>
public sealed class PredictBody
{
    /// <summary>The model folder name, e.g. keras_small_talk_model.</summary>
    [Required]
    public string ModelIdentifier { get; set; } = string.Empty;

    /// <summary>The text to classify.</summary>
    [Required]
    public string Text { get; set; } = string.Empty;
}
