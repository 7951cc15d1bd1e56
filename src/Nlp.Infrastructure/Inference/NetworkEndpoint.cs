namespace Nlp.Infrastructure.Inference;

/// <summary>A model input or output: the layer that owns it, its slot, and its shape without the batch axis.</summary>
internal sealed record NetworkEndpoint(string LayerName, int Slot, int?[] Shape);
