namespace Nlp.Api.Contracts;

/// <summary>The body of <c>POST /noauth/predict</c> and <c>/auth/predict</c>. Unknown properties are ignored.</summary>
public sealed class PredictRequest
{
    /// <summary>The model folder name, e.g. <c>keras_small_talk_model</c>.</summary>
    public string? ModelIdentifier { get; set; }

    /// <summary>The text to classify, as one document.</summary>
    public string? Text { get; set; }

    /// <summary>Also return every label with its score (<c>topics</c>).</summary>
    public bool? IncludeAllTopics { get; set; }
}
