namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>The sequence-layer factories, for the layer registry.</summary>
internal static class RecurrentLayerFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        new EmbeddingLayerFactory(),
        new RecurrentLayerFactory(),
        new BidirectionalLayerFactory(),
        new TimeDistributedLayerFactory(),
        new MaskingLayerFactory(),
        new GlobalPooling1DLayerFactory(),
    ];
}
