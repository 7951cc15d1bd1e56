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
}
