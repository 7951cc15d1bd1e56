namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>The sizes of a <see cref="MultiHeadAttentionLayer"/>; each query step yields <see cref="OutputShape"/>.</summary>
internal sealed record MultiHeadAttentionShape(
    int Heads,
    int KeyDim,
    int ValueDim,
    int QueryFeatures,
    int KeyFeatures,
    int ValueFeatures,
    int[] OutputShape)
{
    public int OutputSize { get; } = Shapes.Product(OutputShape);
}
