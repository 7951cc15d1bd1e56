using System.ComponentModel.DataAnnotations;

namespace Nlp.Application;

/// <summary>Limits on prediction requests (configuration section <c>Prediction</c>).</summary>
public sealed class PredictionOptions
{
    public const string SectionName = "Prediction";

    /// <summary>The longest <c>text</c> accepted, in characters.</summary>
    [Range(1, int.MaxValue)]
    public int MaxTextLength { get; set; } = 100_000;

    /// <summary>The most texts accepted in one batch request.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;
}
