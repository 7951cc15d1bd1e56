namespace Nlp.Conformance.Tests;

/// <summary>
/// The read-only <c>shared/</c> folder of real artefacts (seed, corpus, keras-vectors), never committed: found by
/// walking up from the test assembly to a folder with a <c>shared/CONTRACT.md</c> child (CI clones the repository
/// next to it). <c>NLP_SHARED_DIR</c> overrides the search (<c>NLP_SHARED_DIR=none</c> runs the suite as if it were
/// absent). Tests that need it skip, saying so, when it is absent. The one locator of this project.
/// </summary>
internal static class SharedDirectory
{
    public static string? Path { get; } = Locate();

    /// <summary>The shared folder, or the calling test is skipped (saying so) when there is none.</summary>
    public static string Require()
    {
        if (Path is null)
        {
            Assert.Skip("skipped: ../shared (seed, corpus and keras-vectors artefacts) was not found next to the repository " +
                "or in NLP_SHARED_DIR");
        }

        return Path;
    }

    /// <summary>A sub-folder of shared (e.g. <c>keras-vectors</c>), or null when shared or the sub-folder is absent.</summary>
    public static string? Find(string relative)
    {
        var folder = Path is null ? null : System.IO.Path.Combine(Path, relative);
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("NLP_SHARED_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "CONTRACT.md")))
            {
                return candidate;
            }
        }

        return null;
    }
}
