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

    public Tensor Vectorize(IReadOnlyList<string> texts)
    {
        var sequences = new int[texts.Count][];
        var longest = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            sequences[i] = tokenizer.TextToSequence(texts[i]);
            longest = Math.Max(longest, sequences[i].Length);
        }

        var length = maxLength ?? longest;
        var tensor = Tensor.Zeros(texts.Count, [length]);
        // pad_sequences builds an int32 array: a fractional padding value is truncated as numpy's astype does.
        var pad = (float)(int)padValue;
        for (var i = 0; i < sequences.Length; i++)
        {
            var row = tensor.Sample(i);
            row.Fill(pad);
            var sequence = sequences[i].AsSpan();
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

        return tensor;
    }
}
