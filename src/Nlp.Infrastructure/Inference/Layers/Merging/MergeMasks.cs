namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Output masks of merge layers as tf.keras / Keras 2 compute them: the AND of the inputs' masks that exist
/// (<c>_Merge.compute_mask</c>). Keras 3 differs (OR, and no mask when any input has none): not followed here.
/// </summary>
internal static class MergeMasks
{
    public static bool[]? And(IReadOnlyList<Tensor> inputs)
    {
        bool[]? result = null;
        foreach (var input in inputs)
        {
            if (input.Mask is not { } mask)
            {
                continue;
            }

            if (result is null)
            {
                result = (bool[])mask.Clone();
                continue;
            }

            if (mask.Length != result.Length)
            {
                throw new InvalidOperationException("merged inputs carry masks of different lengths");
            }

            for (var i = 0; i < result.Length; i++)
            {
                result[i] &= mask[i];
            }
        }

        return result;
    }
}
