namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The projections of a <see cref="MultiHeadAttentionLayer"/>, kernels flattened to 2-D row-major matrices:
/// query/key <c>[dim, heads * key_dim]</c>, value <c>[dim, heads * value_dim]</c>, output <c>[heads * value_dim, out]</c>.
/// Biases are empty when <c>use_bias</c> is false.
/// </summary>
internal sealed record MultiHeadAttentionWeights(
    float[] QueryKernel,
    float[] QueryBias,
    float[] KeyKernel,
    float[] KeyBias,
    float[] ValueKernel,
    float[] ValueBias,
    float[] OutputKernel,
    float[] OutputBias);
