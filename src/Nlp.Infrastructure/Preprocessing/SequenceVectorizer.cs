using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Preprocessing;

/// <summary>
/// <c>pad_sequences(tokenizer.texts_to_sequences(texts), maxlen, padding, truncating, value)</c> exactly as Keras:
/// with no <c>maxlen</c> the batch is padded to its longest sequence; <c>truncating='pre'</c> keeps the last
/// <c>maxlen</c> ids, <c>'post'</c> the first; <c>padding='pre'</c> puts the ids at the end of the row.
/// Ids are passed to the network as float values (the Embedding layer reads them back as integers).
/// </summary>
internal sealed class SequenceVectorizer(KerasTokenizer tokenizer, int? maxLength, bool padPost, bool truncatePost, float padValue)
    : ITextVectorizer
{
    public string Description =>
        $"sequences, maxlen {(maxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "longest in batch")}, " +
        $"padding {(padPost ? "post" : "pre")}, truncating {(truncatePost ? "post" : "pre")}";

    private readonly int[]? fixedShape = maxLength is { } length ? [length] : null;
    private readonly KeptShape longestShape = new();

    public bool HasVariableLength => fixedShape is null;

    public Tensor Vectorize(IReadOnlyList<string> texts, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(scratch);
        if (fixedShape is null)
        {
            return VectorizeToLongest(texts, scratch);
        }

        // With maxlen, each text's ids go straight from a pooled buffer into its row.
        var tensor = scratch.Output(texts.Count, fixedShape);
        for (var i = 0; i < texts.Count; i++)
        {
            var ids = tokenizer.RentSequence(texts[i], out var count);
            try
            {
                WriteRow(ids.AsSpan(0, count), tensor.Sample(i));
            }
            finally
            {
                System.Buffers.ArrayPool<int>.Shared.Return(ids);
            }
        }

        return tensor;
    }

    // Each text's ids in a pooled buffer until the longest is known; the batch's [longest] shape is kept (KeptShape).
    private Tensor VectorizeToLongest(IReadOnlyList<string> texts, LayerScratch scratch)
    {
        var sequences = System.Buffers.ArrayPool<int[]>.Shared.Rent(texts.Count);
        var lengths = System.Buffers.ArrayPool<int>.Shared.Rent(texts.Count);
        var rented = 0;
        try
        {
            var longest = 0;
            for (; rented < texts.Count; rented++)
            {
                sequences[rented] = tokenizer.RentSequence(texts[rented], out lengths[rented]);
                longest = Math.Max(longest, lengths[rented]);
            }

            var tensor = scratch.Output(texts.Count, longestShape.Of([longest]));
            for (var i = 0; i < texts.Count; i++)
            {
                WriteRow(sequences[i].AsSpan(0, lengths[i]), tensor.Sample(i));
            }

            return tensor;
        }
        finally
        {
            for (var i = 0; i < rented; i++)
            {
                System.Buffers.ArrayPool<int>.Shared.Return(sequences[i]);
            }

            System.Buffers.ArrayPool<int[]>.Shared.Return(sequences, clearArray: true);
            System.Buffers.ArrayPool<int>.Shared.Return(lengths);
        }
    }

    /// <summary>One padded/truncated row. pad_sequences builds an int32 array: a fractional padding value is truncated as numpy's astype does.</summary>
    private void WriteRow(ReadOnlySpan<int> sequence, Span<float> row)
    {
        var length = row.Length;
        row.Fill((int)padValue);
        if (sequence.Length > length)
        {
            sequence = truncatePost ? sequence[..length] : sequence[^length..];
        }

        var start = padPost ? 0 : length - sequence.Length;
        for (var t = 0; t < sequence.Length; t++)
        {
            row[start + t] = sequence[t];
        }
    }
}
