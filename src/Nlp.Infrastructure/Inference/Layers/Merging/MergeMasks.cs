namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Output masks of merge layers as tf.keras / Keras 2 compute them: the AND of the inputs' masks that exist
/// (<c>_Merge.compute_mask</c>). Keras 3 differs (OR, and no mask when any input has none): not followed here.
/// </summary>
internal static class MergeMasks
{
    /// <summary>
    /// The AND of the masks that exist (null when none does), in <paramref name="scratch"/>'s pooled mask. A mask covers
    /// its input's <c>[batch, time]</c> (time: its first axis); a pooled mask may be longer than that.
    /// </summary>
    public static bool[]? And(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        bool[]? result = null;
        var length = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Mask is not { } mask)
            {
                continue;
            }

            var own = input.Batch * (input.Shape.Length == 0 ? 1 : input.Shape[0]);
            if (result is null)
            {
                length = own;
                result = scratch.RentMask(length);
                mask.AsSpan(0, length).CopyTo(result);
                continue;
            }

            if (own != length)
            {
                throw new InvalidOperationException("merged inputs carry masks of different lengths");
            }

            for (var t = 0; t < length; t++)
            {
                result[t] &= mask[t];
            }
        }

        return result;
    }
}
