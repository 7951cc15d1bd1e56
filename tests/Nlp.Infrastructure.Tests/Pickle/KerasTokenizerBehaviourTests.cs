using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Tests.Pickle;

/// <summary>Properties of the vectoriser beyond single results: argument checks, thread safety, allocations.</summary>
public sealed class KerasTokenizerBehaviourTests
{
    private static readonly KerasTokenizer Tokenizer = KerasTokenizer.Load(PickleFixtures.Read("tokenizers/default.pkl"), "default.pkl");

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        var row = new float[Tokenizer.MatrixWidth - 1];

        Assert.Throws<ArgumentException>(() => Tokenizer.TextToMatrixRow("hello", TokenizerMatrixMode.Count, row));
    }

    [Fact]
    public void Rows_are_cleared_before_they_are_filled()
    {
        var row = Enumerable.Repeat(5f, Tokenizer.MatrixWidth).ToArray();

        Tokenizer.TextToMatrixRow("", TokenizerMatrixMode.Count, row);

        Assert.All(row, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void Concurrent_calls_give_the_results_of_sequential_calls()
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"hello world {i} the cat sat on the mat İstanbul 😀 {new string('x', i % 17)}").ToArray();
        var sequential = texts.Select(text => Vectorise(text)).ToArray();

        var parallel = new float[texts.Length][];
        Parallel.For(0, texts.Length * 4, i => parallel[i % texts.Length] = Vectorise(texts[i % texts.Length]));

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential[i], parallel[i]);
        }
    }

    [Fact]
    public void Vectorising_allocates_nothing_once_warm()
    {
        var row = new float[Tokenizer.MatrixWidth];
        const string text = "Hello, World! The cat sat on the mat; café İstanbul ΟΔΟΣ 😀 unknown words";
        for (var i = 0; i < 10; i++)
        {
            Tokenizer.TextToMatrixRow(text, TokenizerMatrixMode.Tfidf, row);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Tokenizer.TextToMatrixRow(text, TokenizerMatrixMode.Tfidf, row);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Contains(row, value => value > 0);
    }

    private static float[] Vectorise(string text)
    {
        var row = new float[Tokenizer.MatrixWidth];
        Tokenizer.TextToMatrixRow(text, TokenizerMatrixMode.Count, row);
        return row;
    }
}
