namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// A temporary copy of a corpus folder as its repository held it (without our provenance.json and the files a case
/// leaves out), optionally with a <c>serving.yaml</c>: what a data scientist would put in the models root.
/// </summary>
internal sealed class CorpusFolderCopy : IDisposable
{
    private CorpusFolderCopy(string path) => Path = path;

    public string Path { get; }

    public static CorpusFolderCopy Create(string source, IReadOnlyCollection<string> leaveOut, string? servingYaml)
    {
        var copy = new CorpusFolderCopy(Directory.CreateTempSubdirectory("nlp-corpus-").FullName);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name != "provenance.json" && !leaveOut.Contains(name))
            {
                File.Copy(file, System.IO.Path.Combine(copy.Path, name));
            }
        }

        if (servingYaml is not null)
        {
            File.WriteAllText(System.IO.Path.Combine(copy.Path, "serving.yaml"), servingYaml);
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left to the temp folder's cleaning.
        }
    }
}
