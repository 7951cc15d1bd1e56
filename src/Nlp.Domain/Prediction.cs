namespace Nlp.Domain;

/// <summary>
/// The classification of one text: every label with its score, highest first (ties keep the model's output order,
/// so the top label is the first index of the maximum, as numpy's <c>argmax</c> picks it).
/// </summary>
public sealed class Prediction
{
    public Prediction(string text, IReadOnlyList<string> labels, ReadOnlySpan<float> scores)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count != scores.Length)
        {
            throw new DomainException($"The model gives {scores.Length} outputs but has {labels.Count} labels.");
        }

        if (scores.Length == 0)
        {
            throw new DomainException("The model gives no outputs.");
        }

        Text = text;
        var ranked = new LabelScore[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            ranked[i] = new LabelScore(labels[i], scores[i]);
        }

        // A stable sort keeps equal scores in output order, so ranked[0] is numpy's argmax. Insertion sort: a
        // classifier has a handful of labels, and it allocates nothing (float.CompareTo puts NaN last, as
        // OrderByDescending does).
        for (var i = 1; i < ranked.Length; i++)
        {
            var current = ranked[i];
            var j = i - 1;
            for (; j >= 0 && ranked[j].Score.CompareTo(current.Score) < 0; j--)
            {
                ranked[j + 1] = ranked[j];
            }

            ranked[j + 1] = current;
        }

        Topics = ranked;
    }

    public string Text { get; }

    public IReadOnlyList<LabelScore> Topics { get; }

    public LabelScore Top => Topics[0];
}
