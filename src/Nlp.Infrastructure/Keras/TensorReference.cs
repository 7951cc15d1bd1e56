namespace Nlp.Infrastructure.Keras;

/// <summary>
/// One tensor in a functional graph, as Keras writes it: output <see cref="TensorIndex"/> of call
/// <see cref="NodeIndex"/> (the position in the layer's <c>inbound_nodes</c>) of layer <see cref="LayerName"/>.
/// </summary>
internal readonly record struct TensorReference(string LayerName, int NodeIndex, int TensorIndex)
{
    public override string ToString() => $"{LayerName}[{NodeIndex}][{TensorIndex}]";
}
