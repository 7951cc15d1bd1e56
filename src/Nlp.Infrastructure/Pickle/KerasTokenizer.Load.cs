using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Reading a pickled Tokenizer's <c>__dict__</c> (any Keras version's attribute set).</summary>
internal sealed partial class KerasTokenizer
{
    /// <summary>Keras's default <c>filters</c>.</summary>
    public const string DefaultFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    /// <summary>
    /// Reads a pickled Keras Tokenizer (keras_preprocessing, keras, keras.src, keras.src.legacy, tf.keras module
    /// paths; 2018 pickles without <c>oov_token</c>/<c>index_word</c> included). Only <c>word_index</c>,
    /// <c>num_words</c>, <c>filters</c>, <c>split</c>, <c>lower</c>, <c>char_level</c>, <c>oov_token</c>,
    /// <c>document_count</c> and <c>index_docs</c> affect vectorisation; <c>word_counts</c>, <c>word_docs</c>
    /// and <c>index_word</c> are not needed.
    /// </summary>
    /// <exception cref="ModelFormatException">Not a pickled Tokenizer, a refused class, or inconsistent attributes.</exception>
    public static KerasTokenizer Load(byte[] pickle, string fileName)
    {
        var root = RestrictedUnpickler.Load(pickle, fileName);
        if (root is not PickleObject { Type.Kind: PickleGlobalKind.KerasTokenizer } tokenizer)
        {
            throw new ModelFormatException(fileName, $"expected a pickled Keras Tokenizer, found {PythonTypeNames.Of(root)}");
        }

        var attributes = new PickledAttributes(tokenizer, fileName);
        if (attributes.Get("analyzer") is not null)
        {
            throw attributes.Error("a custom 'analyzer' is not supported");
        }

        var charLevel = attributes.GetBool("char_level", false);
        var split = attributes.GetString("split", " ");
        if (split.Length == 0 && !charLevel)
        {
            throw attributes.Error("'split' is empty (Python's str.split would fail)");
        }

        var wordIndexDict = attributes.GetOptionalDict("word_index") ?? throw attributes.Error("attribute 'word_index' is missing");
        var wordIndex = ReadWordIndex(wordIndexDict, attributes);
        var oovToken = attributes.GetOptionalString("oov_token");
        if (oovToken is not null && !wordIndex.ContainsKey(oovToken))
        {
            throw attributes.Error($"oov_token '{oovToken}' is not in word_index");
        }

        var numWords = attributes.GetOptionalLong("num_words");
        if (numWords is < 0 or > int.MaxValue || (numWords is not > 0 && wordIndexDict.Count == int.MaxValue))
        {
            throw attributes.Error($"num_words {numWords} is out of range");
        }

        var documentCount = attributes.GetOptionalLong("document_count") ?? 0;
        var splitter = new KerasTextSplitter(ReadFilters(attributes), split, attributes.GetBool("lower", true), charLevel);
        return new KerasTokenizer(wordIndex, wordIndexDict.Count, ReadIndexDocs(attributes), splitter,
            (int?)numWords, charLevel, oovToken, documentCount);
    }

    private static Dictionary<string, int> ReadWordIndex(Dictionary<object, object?> dict, PickledAttributes attributes)
    {
        var wordIndex = new Dictionary<string, int>(dict.Count, StringComparer.Ordinal);
        foreach (var (key, value) in dict)
        {
            if (value is not long index || index is < 0 or > int.MaxValue)
            {
                throw attributes.Error($"word_index maps to {PythonTypeNames.Of(value)} {value}, not a word index");
            }

            // Only str keys can match a token; others (from fitting on lists of non-strings) just count in len().
            if (key is string word)
            {
                wordIndex[word] = (int)index;
            }
        }

        return wordIndex;
    }

    /// <summary>
    /// <c>index_docs</c> (word index → document frequency, used by tfidf). Keras looks it up with int keys, so
    /// str keys (left by an old <c>tokenizer_from_json</c>) never match there and are ignored here too.
    /// </summary>
    private static Dictionary<int, long> ReadIndexDocs(PickledAttributes attributes)
    {
        var indexDocs = new Dictionary<int, long>();
        foreach (var (key, value) in attributes.GetOptionalDict("index_docs") ?? [])
        {
            if (key is long index and >= int.MinValue and <= int.MaxValue)
            {
                indexDocs[(int)index] = value as long? ?? throw attributes.Error($"index_docs maps to {PythonTypeNames.Of(value)}");
            }
        }

        return indexDocs;
    }

    /// <summary><c>filters</c>: a string, or a list of one-character strings.</summary>
    private static string ReadFilters(PickledAttributes attributes) => attributes.Get("filters") switch
    {
        _ when !attributes.Has("filters") => DefaultFilters,
        null => string.Empty,
        string filters => filters,
        List<object?> list when list.All(item => item is string { Length: 1 or 2 } s && (s.Length == 1 || char.IsSurrogatePair(s, 0))) =>
            string.Concat(list.Cast<string>()),
        var other => throw attributes.Error($"'filters' should be a string, found {PythonTypeNames.Of(other)}"),
    };
}
