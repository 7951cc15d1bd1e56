using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.Preprocessing;

/// <summary><c>tokenizer.texts_to_matrix(texts, mode)</c>: one row of <see cref="KerasTokenizer.MatrixWidth"/> columns per text.</summary>
internal sealed class MatrixVectorizer(KerasTokenizer tokenizer, TokenizerMatrixMode mode) : ITextVectorizer
{
    private readonly int[] shape = [tokenizer.MatrixWidth];

    public string Description => $"{mode.ToString().ToLowerInvariant()} matrix, {tokenizer.MatrixWidth} columns";

    public Tensor Vectorize(IReadOnlyList<string> texts, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(scratch);
        var tensor = scratch.Output(texts.Count, shape);
        for (var i = 0; i < texts.Count; i++)
        {
            tokenizer.TextToMatrixRow(texts[i], mode, tensor.Sample(i));
        }

        return tensor;
    }
}
