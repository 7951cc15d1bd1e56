namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// A layer got an input it cannot compute at prediction time (for example a token id outside an Embedding's
/// vocabulary, where Keras on CPU raises too). The message names the layer, its class and the problem, and is safe
/// to show to a caller.
/// </summary>
internal sealed class LayerInputException(string layerName, string className, string problem)
    : Exception($"layer '{layerName}' ({className}): {problem}")
{
    public string LayerName { get; } = layerName;

    public string ClassName { get; } = className;

    /// <summary>Refuses an input whose shape (without the batch axis) is not <c>[time, features]</c>.</summary>
    public static void ThrowUnlessSequence(ILayer layer, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shape.Length != 2)
        {
            throw new LayerInputException(layer.Name, layer.ClassName, $"input shape [{string.Join(", ", input.Shape)}] is not [time, features]");
        }
    }
}
