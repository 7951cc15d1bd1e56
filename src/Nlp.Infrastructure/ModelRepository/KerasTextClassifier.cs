using Nlp.Application.Common.Interfaces;
using Nlp.Domain;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>A loaded model folder: vectoriser → compiled network → labels. Immutable and thread-safe.</summary>
internal sealed class KerasTextClassifier(
    ModelIdentifier identifier,
    ITextVectorizer vectorizer,
    CompiledNetwork network,
    IReadOnlyList<string> labels) : ITextClassifier
{
    public ModelIdentifier Identifier { get; } = identifier;

    public IReadOnlyList<string> Labels { get; } = labels;

    public ITextVectorizer Vectorizer { get; } = vectorizer;

    public CompiledNetwork Network { get; } = network;

    public Prediction Predict(string text) => PredictBatch([text])[0];

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var input = Vectorizer.Vectorize(texts);
        var output = Network.Forward(input);
        var width = Labels.Count;
        var predictions = new Prediction[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            predictions[i] = new Prediction(texts[i], Labels, output.AsSpan(i * width, width));
        }

        return predictions;
    }
}
