using Nlp.Domain;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The resolved models root directory and the folder of each model identifier.</summary>
internal sealed class ModelsRoot(string fullPath)
{
    public string FullPath { get; } = System.IO.Path.GetFullPath(fullPath);

    /// <summary>
    /// The folder of a model, or null when there is none. A <see cref="ModelIdentifier"/> holds no separator and is
    /// never <c>.</c> or <c>..</c>, so the joined path always stays directly under the root.
    /// </summary>
    public string? FindFolder(ModelIdentifier identifier)
    {
        var folder = System.IO.Path.Combine(FullPath, identifier.Value);
        return Directory.Exists(folder) ? folder : null;
    }

    /// <summary>The model folders under the root (sub-directories whose names are valid identifiers).</summary>
    public IEnumerable<ModelIdentifier> ListIdentifiers()
    {
        if (!Directory.Exists(FullPath))
        {
            return [];
        }

        return Directory.EnumerateDirectories(FullPath)
            .Select(System.IO.Path.GetFileName)
            .Where(ModelIdentifier.IsValid)
            .Select(ModelIdentifier.Parse!)
            .ToArray();
    }
}
