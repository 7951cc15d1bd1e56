namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// A layer that is the identity at inference (<c>Dropout</c> and the other noise/regularization layers of
/// <see cref="IdentityLayerFactory"/>; <c>InputLayer</c>, whose tensor the network places itself): returns its input
/// tensor unchanged, mask included. Layers never modify their inputs, so sharing is safe.
/// </summary>
internal sealed class PassThroughLayer(string name, string className) : ILayer
{
    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs[0];
    }
}
