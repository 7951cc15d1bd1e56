using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Pickle;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>The label names: serving.yaml <c>labels</c> (a list, or a pickled/JSON list file), else the LabelEncoder pickle.</summary>
internal static class LabelSource
{
    private const long MaxBytes = 64L * 1024 * 1024;

    public static IReadOnlyList<string> Read(string folder, ModelFolderFiles files, ServingSettings settings)
    {
        switch (settings.Labels)
        {
            case List<object> list:
                return [.. list.Select(l => l?.ToString() ?? string.Empty)];
            case string file:
                var name = ModelFolderFiles.Named(folder, file, "labels")!;
                return LabelFileReader.ReadLabelList(BoundedFile.ReadBytes(Path.Combine(folder, name), name, MaxBytes), name);
            case null when files.Encoder is { } encoder:
                return LabelFileReader.ReadLabelEncoder(BoundedFile.ReadBytes(Path.Combine(folder, encoder), encoder, MaxBytes), encoder);
            case null:
                throw new ModelFormatException(ServingSettingsReader.FileName,
                    "no labels: the folder has no *enc*.pkl label encoder and serving.yaml gives no 'labels'.");
            default:
                throw new ModelFormatException(ServingSettingsReader.FileName, "'labels' must be a list of names or a file name.");
        }
    }

    public static string Describe(ModelFolderFiles files, ServingSettings settings) =>
        settings.Labels switch
        {
            string file => file,
            null => files.Encoder ?? ServingSettingsReader.FileName,
            _ => ServingSettingsReader.FileName,
        };
}
