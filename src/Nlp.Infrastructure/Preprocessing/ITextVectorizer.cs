using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Preprocessing;

/// <summary>Turns texts into the network's input tensor, as the Python side did before <c>model.predict</c>.</summary>
internal interface ITextVectorizer
{
    /// <summary>A short description for model summaries, e.g. <c>count matrix, 1000 columns</c>.</summary>
    string Description { get; }

    Tensor Vectorize(IReadOnlyList<string> texts);
}
