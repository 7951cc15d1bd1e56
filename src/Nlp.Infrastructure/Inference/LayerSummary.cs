namespace Nlp.Infrastructure.Inference;

/// <summary>One line of a model summary: layer name, Keras class, output shape (without batch), parameters.</summary>
internal sealed record LayerSummary(string Name, string ClassName, IReadOnlyList<int?> OutputShape, long ParameterCount)
{
    public string OutputShapeText => "(None, " + string.Join(", ", OutputShape.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None")) + ")";
}
