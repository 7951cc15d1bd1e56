namespace Nlp.Domain;

/// <summary>One output of a classifier: the label and the raw value Keras would return for it.</summary>
public readonly record struct LabelScore(string Label, float Score);
