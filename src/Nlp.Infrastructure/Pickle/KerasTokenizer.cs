using System.Buffers;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// A fitted Keras <c>Tokenizer</c> (keras_preprocessing 1.1 semantics, identical in Keras 2.x and Keras 3's
/// legacy module) read from its pickle by <see cref="Load"/>. Immutable and thread-safe; the per-call buffers
/// come from <see cref="ArrayPool{T}"/> and word look-ups use spans, so vectorising allocates nothing.
/// </summary>
internal sealed partial class KerasTokenizer
{
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordIndex;
    private readonly Dictionary<int, long> _indexDocs;
    private readonly KerasTextSplitter _splitter;
    private readonly int? _oovIndex;

    private KerasTokenizer(Dictionary<string, int> wordIndex, int wordIndexCount, Dictionary<int, long> indexDocs,
        KerasTextSplitter splitter, int? numWords, bool charLevel, string? oovToken, long documentCount)
    {
        _wordIndex = wordIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        _indexDocs = indexDocs;
        _splitter = splitter;
        _oovIndex = oovToken is null ? null : wordIndex[oovToken];
        NumWords = numWords;
        CharLevel = charLevel;
        OovToken = oovToken;
        DocumentCount = documentCount;
        WordIndexCount = wordIndexCount;
        MatrixWidth = numWords is > 0 ? numWords.Value : wordIndexCount + 1;
        LargestId = LargestSequenceId(wordIndex, numWords, _oovIndex);
    }

    /// <summary><c>num_words</c>: only indices below it are kept (None or 0: all).</summary>
    public int? NumWords { get; }

    public bool CharLevel { get; }

    public string? OovToken { get; }

    public long DocumentCount { get; }

    /// <summary><c>len(word_index)</c>.</summary>
    public int WordIndexCount { get; }

    /// <summary>Columns of <c>texts_to_matrix</c>: <c>num_words</c> if set, else <c>len(word_index) + 1</c>.</summary>
    public int MatrixWidth { get; }

    /// <summary>
    /// The largest id <c>texts_to_sequences</c> can give: the largest <c>word_index</c> value below <c>num_words</c>
    /// (all of them without it) or the out-of-vocabulary index; 0 when it can give none.
    /// </summary>
    public int LargestId { get; }

    /// <summary><c>texts_to_sequences([text])[0]</c>.</summary>
    public int[] TextToSequence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffers = Rent(text, out var scratch, out var indices);
        try
        {
            return indices[..WriteSequence(text, scratch, indices)].ToArray();
        }
        finally
        {
            Return(buffers);
        }
    }

    /// <summary>
    /// <c>texts_to_sequences([text])[0]</c> in a buffer from <see cref="ArrayPool{T}.Shared"/>: the first
    /// <paramref name="length"/> entries; the caller returns the buffer.
    /// </summary>
    public int[] RentSequence(string text, out int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffers = Rent(text, out var scratch, out var indices);
        try
        {
            length = WriteSequence(text, scratch, indices);
            return buffers.Indices;
        }
        catch
        {
            ArrayPool<int>.Shared.Return(buffers.Indices);
            throw;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffers.Scratch);
        }
    }

    /// <summary>
    /// <c>texts_to_matrix([text], mode)[0]</c> into <paramref name="row"/> (length <see cref="MatrixWidth"/>),
    /// computed in double as numpy does and stored as float.
    /// </summary>
    public void TextToMatrixRow(string text, TokenizerMatrixMode mode, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (row.Length != MatrixWidth)
        {
            throw new ArgumentException($"the row has {row.Length} columns; the tokenizer's matrix has {MatrixWidth}", nameof(row));
        }

        if (NumWords is not > 0 && WordIndexCount == 0)
        {
            throw new InvalidOperationException("the tokenizer has neither num_words nor a word index (Keras: 'Specify a dimension')");
        }

        if (mode == TokenizerMatrixMode.Tfidf && DocumentCount == 0)
        {
            throw new InvalidOperationException("tfidf needs a tokenizer fitted on some texts (document_count is 0)");
        }

        row.Clear();
        var buffers = Rent(text, out var scratch, out var indices);
        try
        {
            var sequence = indices[..WriteSequence(text, scratch, indices)];
            FillRow(sequence, mode, row);
        }
        finally
        {
            Return(buffers);
        }
    }

    /// <summary><c>sequences_to_matrix</c> for one sequence; counts are first kept negative to mark unfinished cells.</summary>
    private void FillRow(ReadOnlySpan<int> sequence, TokenizerMatrixMode mode, Span<float> row)
    {
        foreach (var j in sequence)
        {
            if (j < row.Length)
            {
                row[j] -= 1;
            }
        }

        foreach (var j in sequence)
        {
            if (j >= row.Length || row[j] >= 0)
            {
                continue;
            }

            double count = -row[j];
            row[j] = (float)(mode switch
            {
                TokenizerMatrixMode.Count => count,
                TokenizerMatrixMode.Freq => count / sequence.Length,
                TokenizerMatrixMode.Binary => 1.0,
                TokenizerMatrixMode.Tfidf => (1 + Math.Log(count)) *
                    Math.Log(1 + ((double)DocumentCount / (1 + _indexDocs.GetValueOrDefault(j)))),
                _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "unknown vectorisation mode"),
            });
        }
    }

    /// <summary><c>texts_to_sequences_generator</c> for one text: returns how many indices were written.</summary>
    private int WriteSequence(string text, Span<char> scratch, Span<int> indices)
    {
        var tokens = ArrayPool<Range>.Shared.Rent(KerasTextSplitter.MaxTokens(scratch.Length));
        try
        {
            var tokenCount = _splitter.Tokenize(text, scratch, tokens);
            var oovIndex = _oovIndex ?? -1;
            var numWords = NumWords ?? 0;
            var written = 0;
            foreach (var token in tokens.AsSpan(0, tokenCount))
            {
                if (_wordIndex.TryGetValue(scratch[token], out var index) && (numWords <= 0 || index < numWords))
                {
                    indices[written++] = index;
                }
                else if (oovIndex >= 0)
                {
                    // Unknown words, and known words at or beyond num_words, become the OOV index when there is one.
                    indices[written++] = oovIndex;
                }
            }

            return written;
        }
        finally
        {
            ArrayPool<Range>.Shared.Return(tokens);
        }
    }

    private (char[] Scratch, int[] Indices) Rent(string text, out Span<char> scratch, out Span<int> indices)
    {
        var length = _splitter.ScratchLength(text);
        var chars = ArrayPool<char>.Shared.Rent(length);
        var ints = ArrayPool<int>.Shared.Rent(KerasTextSplitter.MaxTokens(length));
        scratch = chars.AsSpan(0, length);
        indices = ints;
        return (chars, ints);
    }

    private static void Return((char[] Scratch, int[] Indices) buffers)
    {
        ArrayPool<char>.Shared.Return(buffers.Scratch);
        ArrayPool<int>.Shared.Return(buffers.Indices);
    }

    private static int LargestSequenceId(Dictionary<string, int> wordIndex, int? numWords, int? oovIndex)
    {
        var largest = oovIndex ?? 0;
        foreach (var index in wordIndex.Values)
        {
            if (index > largest && (numWords is not > 0 || index < numWords))
            {
                largest = index;
            }
        }

        return largest;
    }
}
