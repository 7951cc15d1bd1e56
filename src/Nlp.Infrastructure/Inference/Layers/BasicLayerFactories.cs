namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>The layers every model needs: <c>InputLayer</c>, <c>Dense</c>, <c>Dropout</c>, <c>Activation</c>.</summary>
internal static class BasicLayerFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        new InputLayerFactory(),
        new DenseLayerFactory(),
        new DropoutLayerFactory(),
        new ActivationLayerFactory(),
    ];
}
