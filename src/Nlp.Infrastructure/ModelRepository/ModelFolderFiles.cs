using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// The artefacts of one model folder, found as CONTRACT.md section 5 says: names from <c>serving.yaml</c>, else by
/// pattern. Two files matching the same pattern are refused rather than guessed between.
/// All names are plain file names inside the folder.
/// </summary>
internal sealed record ModelFolderFiles(string? Architecture, string Weights, string? Tokenizer, string? Encoder)
{
    public static ModelFolderFiles Discover(string folder, ServingSettings settings)
    {
        var names = Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();

        var labelsFile = settings.Labels as string;
        var weights = Named(folder, settings.Weights, "weights")
            ?? Single(names, "weights", n => HasExtension(n, ".h5", ".hdf5", ".keras"))
            ?? throw new ModelFormatException(ServingSettingsReader.FileName,
                "no weights file: the folder has no *.h5, *.hdf5 or *.keras file and serving.yaml names none.");
        // A Keras 3 .keras archive holds its own config: other files are an architecture only when named.
        var architecture = Named(folder, settings.Architecture, "architecture")
            ?? (KerasArchiveReader.IsArchive(weights) ? null
                : Single(names, "architecture", n => HasExtension(n, ".yaml", ".yml") && !IsServingFile(n))
                ?? Single(names, "architecture", n => HasExtension(n, ".json") && !string.Equals(n, labelsFile, StringComparison.Ordinal)));
        var tokenizer = Named(folder, settings.Tokenizer, "tokenizer")
            ?? Single(names, "tokenizer", n => IsPickle(n) && Contains(n, "tok"));
        var encoder = Named(folder, settings.Encoder, "encoder")
            ?? (settings.Labels is null ? Single(names, "label encoder", n => IsPickle(n) && Contains(n, "enc")) : null);
        return new ModelFolderFiles(architecture, weights, tokenizer, encoder);
    }

    /// <summary>A file named in serving.yaml: must be a plain name of an existing file of the folder.</summary>
    public static string? Named(string folder, string? name, string role)
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0 || Path.IsPathRooted(name))
        {
            throw new ModelFormatException(ServingSettingsReader.FileName,
                $"the {role} file '{name}' must be a plain file name inside the model folder.");
        }

        return File.Exists(Path.Combine(folder, name))
            ? name
            : throw new ModelFormatException(ServingSettingsReader.FileName, $"the {role} file '{name}' does not exist.");
    }

    private static string? Single(string[] names, string role, Func<string, bool> matches)
    {
        var found = names.Where(matches).ToArray();
        return found.Length switch
        {
            0 => null,
            1 => found[0],
            _ => throw new ModelFormatException(ServingSettingsReader.FileName,
                $"several {role} files ({string.Join(", ", found)}): name the one to use in serving.yaml."),
        };
    }

    private static bool IsServingFile(string name) => name.Equals(ServingSettingsReader.FileName, StringComparison.OrdinalIgnoreCase);

    private static bool IsPickle(string name) => HasExtension(name, ".pkl", ".pickle");

    private static bool Contains(string name, string part) => name.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static bool HasExtension(string name, params string[] extensions) =>
        extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
