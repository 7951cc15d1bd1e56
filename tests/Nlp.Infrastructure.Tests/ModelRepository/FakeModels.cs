using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Interfaces;
using Nlp.Application.Models;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>A loader that reads one text file ("weights.txt") of a folder: its content is the model's only label,
/// "broken" fails the load. Lets the catalog's versioning be tested without Keras files.</summary>
internal sealed class TextFileLoader : IModelLoader
{
    private int _loads;

    public int Loads => _loads;

    public TimeSpan Delay { get; init; }

    public ITextClassifier Load(ModelIdentifier identifier, string folder, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _loads);
        Thread.Sleep(Delay);
        var content = File.ReadAllText(Path.Combine(folder, "weights.txt")).Trim();
        return content == "broken"
            ? throw new ModelLoadException(identifier.Value, "weights.txt", "the file says it is broken.")
            : new ConstantClassifier(identifier, content);
    }
}

internal sealed class ConstantClassifier(ModelIdentifier identifier, string label) : ITextClassifier
{
    public ModelIdentifier Identifier { get; } = identifier;

    public IReadOnlyList<string> Labels { get; } = [label];

    public ModelDetails Details => new(Labels, "count", 1, [], 0, new Dictionary<string, string>(), []);

    public Prediction Predict(string text) => new(text, Labels, [1f]);

    public IReadOnlyList<Prediction> PredictBatch(IReadOnlyList<string> texts) => [.. texts.Select(Predict)];
}
