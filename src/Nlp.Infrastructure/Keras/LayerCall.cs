using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// One call of a layer in the graph (one entry of its <c>inbound_nodes</c>): the tensors it was called on, in order,
/// and the non-tensor keyword arguments of the call (<c>training</c>, <c>mask</c>: usually empty).
/// </summary>
internal sealed record LayerCall(IReadOnlyList<TensorReference> Inputs, JsonObject Arguments);
