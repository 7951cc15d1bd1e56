namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// A Keras activation applied in place to <paramref name="values"/>, a whole buffer of rows of
/// <paramref name="lastAxisLength"/> values (softmax-like activations work per row, the others per element).
/// </summary>
internal delegate void ActivationFunction(Span<float> values, int lastAxisLength);
