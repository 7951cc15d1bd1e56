namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The non-recurrent layers of the engine besides Dense/Dropout/Activation: convolution, pooling, reshaping,
/// normalization, inference-time identities, merges, attention and the advanced activations.
/// </summary>
internal static class CoreLayerFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        Conv1DFactory.Instance,
        .. Pooling1DFactory.All,
        .. ReshapeFactories.All,
        RepeatVectorLayer.Factory,
        PermuteLayer.Factory,
        BatchNormalizationFactory.Instance,
        LayerNormalizationFactory.Instance,
        IdentityLayerFactory.Instance,
        .. ElementwiseMergeFactories.All,
        ConcatenateLayer.Factory,
        DotLayer.Factory,
        DotProductAttentionFactory.Instance,
        MultiHeadAttentionFactory.Instance,
        .. AdvancedActivationFactories.All,
        PReluLayer.Factory,
        SoftmaxLayer.Factory,
    ];
}
