namespace Nlp.Infrastructure.Inference;

/// <summary>A compiled layer and the shape it produces (without the batch axis; <c>null</c> = unknown length).</summary>
internal sealed record BuiltLayer(ILayer Layer, int?[] OutputShape);
