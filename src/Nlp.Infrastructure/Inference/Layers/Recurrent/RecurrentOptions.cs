namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// How a recurrent layer walks the sequence and what it returns.
/// <see cref="ZeroOutputForMask"/>: with return_sequences, a masked step outputs zeros instead of the previous
/// output (Keras's <c>zero_output_for_mask</c>; tf.keras and Keras 3 force it inside Bidirectional).
/// <see cref="AcceptsMask"/> is false for the CuDNN layers, which Keras refuses to call with a mask.
/// </summary>
internal sealed record RecurrentOptions(
    int Units,
    bool ReturnSequences,
    bool GoBackwards,
    bool ZeroOutputForMask,
    bool AcceptsMask);
