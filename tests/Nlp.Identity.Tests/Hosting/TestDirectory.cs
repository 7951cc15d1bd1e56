namespace Nlp.Identity.Tests.Hosting;

/// <summary>A temporary folder for one host's SQLite file, deleted afterwards.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nlp-identity-tests", Guid.NewGuid().ToString("N"));

    public string SqliteConnectionString => $"Data Source={System.IO.Path.Combine(Path, "identity.db")};Pooling=False";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a host being torn down: the OS temp cleaner gets it.
        }
    }
}
