namespace Nlp.Infrastructure.Pickle;

/// <summary>The <c>mode</c> of Keras's <c>Tokenizer.texts_to_matrix</c>.</summary>
internal enum TokenizerMatrixMode
{
    /// <summary>1 where a word occurs.</summary>
    Binary,

    /// <summary>How often the word occurs (the original service's mode).</summary>
    Count,

    /// <summary><c>(1 + ln c) · ln(1 + document_count / (1 + index_docs[j]))</c>.</summary>
    Tfidf,

    /// <summary>Count divided by the sequence length.</summary>
    Freq,
}
