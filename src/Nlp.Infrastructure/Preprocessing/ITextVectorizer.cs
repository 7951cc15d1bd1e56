using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Preprocessing;

/// <summary>Turns texts into the network's input tensor, as the Python side did before <c>model.predict</c>.</summary>
internal interface ITextVectorizer
{
    /// <summary>A short description for model summaries, e.g. <c>count matrix, 1000 columns</c>.</summary>
    string Description { get; }

    /// <summary>Whether the input's length follows the texts (padded to the longest text of each call).</summary>
    bool HasVariableLength => false;

    /// <summary>The input tensor in memory of its own.</summary>
    Tensor Vectorize(IReadOnlyList<string> texts) => Vectorize(texts, new LayerScratch());

    /// <summary>The input tensor in <paramref name="scratch"/> (a network call's input memory: valid until the call ends).</summary>
    Tensor Vectorize(IReadOnlyList<string> texts, LayerScratch scratch);
}
