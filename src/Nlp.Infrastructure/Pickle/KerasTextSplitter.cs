using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// Keras's tokenisation, allocation-free: <c>text_to_word_sequence(text, filters, lower, split)</c> (lower first,
/// every filter character replaced by <c>split</c>, split on <c>split</c>, empty strings dropped), or, with
/// <c>char_level</c>, one token per code point of the (lowered) text with no filtering, as
/// <c>Tokenizer.texts_to_sequences</c> does. Tokens are written as ranges into a caller-provided scratch buffer.
/// </summary>
internal sealed class KerasTextSplitter
{
    private readonly bool[] _asciiFilters = new bool[128];
    private readonly HashSet<int> _otherFilters = [];
    private readonly string _split;
    private readonly bool _lower;
    private readonly bool _charLevel;

    public KerasTextSplitter(string filters, string split, bool lower, bool charLevel)
    {
        _split = split;
        _lower = lower;
        _charLevel = charLevel;
        foreach (var rune in filters.EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                _asciiFilters[rune.Value] = true;
            }
            else
            {
                _otherFilters.Add(rune.Value);
            }
        }
    }

    /// <summary>Length of the scratch buffer <see cref="Tokenize"/> needs for <paramref name="text"/>.</summary>
    public int ScratchLength(ReadOnlySpan<char> text)
    {
        var lowered = _lower ? PythonLowercase.MaxLength(text) : text.Length;
        return _charLevel || _split.Length == 1 ? lowered : checked(lowered + (lowered * _split.Length));
    }

    /// <summary>At most this many tokens come out of a scratch buffer of <paramref name="scratchLength"/> chars.</summary>
    public static int MaxTokens(int scratchLength) => scratchLength + 1;

    /// <summary>Tokenises <paramref name="text"/>; each token is <c>scratch[tokens[i]]</c>. Returns the token count.</summary>
    public int Tokenize(ReadOnlySpan<char> text, Span<char> scratch, Span<Range> tokens)
    {
        int length;
        if (_lower)
        {
            length = PythonLowercase.Lower(text, scratch);
        }
        else
        {
            text.CopyTo(scratch);
            length = text.Length;
        }

        if (_charLevel)
        {
            return SplitCodePoints(scratch[..length], tokens);
        }

        if (_split.Length == 1)
        {
            var translated = Translate(scratch[..length], scratch);
            return SplitOnSeparator(scratch[..translated], 0, tokens);
        }

        var target = scratch[length..];
        return SplitOnSeparator(target[..Translate(scratch[..length], target)], length, tokens);
    }

    private static int SplitCodePoints(ReadOnlySpan<char> text, Span<Range> tokens)
    {
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            tokens[count++] = new Range(i, i + width);
            i += width;
        }

        return count;
    }

    /// <summary><c>str.translate</c> with every filter code point mapped to the split string; may run in place.</summary>
    private int Translate(ReadOnlySpan<char> source, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            bool filtered;
            var width = 1;
            if (c < 128)
            {
                filtered = _asciiFilters[c];
            }
            else if (_otherFilters.Count == 0)
            {
                filtered = false;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                filtered = _otherFilters.Contains(char.ConvertToUtf32(c, source[i + 1]));
                width = 2;
            }
            else
            {
                filtered = _otherFilters.Contains(c);
            }

            if (filtered)
            {
                _split.CopyTo(destination[written..]);
                written += _split.Length;
            }
            else
            {
                destination[written++] = c;
                if (width == 2)
                {
                    destination[written++] = source[i + 1];
                }
            }

            i += width - 1;
        }

        return written;
    }

    /// <summary>Python's <c>text.split(sep)</c> with empty parts dropped; ranges are offset by <paramref name="offset"/>.</summary>
    private int SplitOnSeparator(ReadOnlySpan<char> text, int offset, Span<Range> tokens)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            var found = text[start..].IndexOf(_split.AsSpan());
            var end = found < 0 ? text.Length : start + found;
            if (end > start)
            {
                tokens[count++] = new Range(offset + start, offset + end);
            }

            if (found < 0)
            {
                return count;
            }

            start = end + _split.Length;
        }
    }
}
