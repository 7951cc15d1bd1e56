using System.Security.Cryptography;
using Nlp.Application.Models;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The models API's view of a loaded folder: input, layers, parameters and the SHA-256 of each file used.</summary>
internal static class ModelDetailsFactory
{
    /// <summary>The SHA-256 of each file of the folder the model uses (it needs nothing else of the folder).</summary>
    public static Dictionary<string, string> HashFiles(string folder, ModelFolderFiles files, ServingSettings settings) =>
        new[] { files.Architecture, files.Weights, files.Tokenizer, files.Encoder, settings.Labels as string, ServingSettingsReader.FileName }
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(name => File.Exists(Path.Combine(folder, name)))
            .ToDictionary(name => name, name => Sha256(Path.Combine(folder, name)), StringComparer.Ordinal);

    public static ModelDetails Create(
        IReadOnlyDictionary<string, string> hashes, IReadOnlyList<string> labels, ITextVectorizer vectorizer, CompiledNetwork network,
        IReadOnlyList<string> warnings)
    {
        var layers = network.Layers
            .Select(l => new Application.Models.LayerSummary(l.Name, l.ClassName, l.OutputShapeText, l.ParameterCount))
            .ToArray();
        return new ModelDetails(labels, vectorizer.Description, network.InputShape is [{ } length] ? length : null,
            layers, network.ParameterCount, hashes, warnings);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
