namespace Nlp.Conformance.Tests.Engine;

/// <summary>
/// Finds <c>../shared</c> (the read-only real artefacts): walking up from the test assembly for a folder with
/// <c>shared/CONTRACT.md</c>, else <c>NLP_SHARED_DIR</c>, else <c>/work/shared</c>. Null when absent: tests skip.
/// </summary>
internal static class EngineSharedDirectory
{
    private static readonly Lazy<string?> Location = new(Find);

    public static string? Path => Location.Value;

    /// <summary>The shared sub-folder, or an <c>Assert.Skip</c> saying plainly that it is absent.</summary>
    public static string Require(string relative)
    {
        var root = Path;
        var folder = root is null ? null : System.IO.Path.Combine(root, relative);
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Skip($"../shared/{relative} is not present: skipped (it holds real Keras artefacts that are not committed).");
        }

        return folder;
    }

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "CONTRACT.md")))
            {
                return candidate;
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NLP_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Directory.Exists("/work/shared") ? "/work/shared" : null;
    }
}
