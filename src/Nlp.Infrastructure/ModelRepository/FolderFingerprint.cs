namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Names, sizes and write times of the files of a folder: changes when any file is added, removed or rewritten.</summary>
internal static class FolderFingerprint
{
    public static string Of(string folder)
    {
        try
        {
            var entries = new DirectoryInfo(folder)
                .EnumerateFiles("*", SearchOption.TopDirectoryOnly)
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}");
            return string.Join('|', entries);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
