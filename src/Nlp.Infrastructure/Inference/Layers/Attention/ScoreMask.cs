namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Which (query step, key step) pairs may attend, from the Keras masks of the inputs and the causal flag, and how
/// Keras applies it: a masked score gets -1e9 added in float32 before the softmax.
/// </summary>
internal readonly struct ScoreMask(bool[]? queryMask, bool[]? keyMask, bool[]? secondKeyMask, bool causal, int queryLength, int keyLength)
{
    private const float LargeNegative = -1e9f;

    public bool IsEmpty => queryMask is null && keyMask is null && secondKeyMask is null && !causal;

    /// <summary>Adds -1e9 to the masked scores of sample <paramref name="batch"/>; scores are <c>[queryLength, keyLength]</c>.</summary>
    public void Apply(Span<float> scores, int batch)
    {
        if (IsEmpty)
        {
            return;
        }

        for (var i = 0; i < queryLength; i++)
        {
            var queryReal = queryMask?[(batch * queryLength) + i] ?? true;
            for (var j = 0; j < keyLength; j++)
            {
                var allowed = queryReal
                    && (keyMask?[(batch * keyLength) + j] ?? true)
                    && (secondKeyMask?[(batch * keyLength) + j] ?? true)
                    && (!causal || j <= i);
                if (!allowed)
                {
                    scores[(i * keyLength) + j] += LargeNegative;
                }
            }
        }
    }
}
