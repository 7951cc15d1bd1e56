namespace Nlp.Conformance.Tests;

/// <summary>
/// The read-only <c>shared/</c> folder of real artefacts (seed, corpus, keras-vectors), never committed: found by
/// walking up from the test assembly to a folder with a <c>shared/CONTRACT.md</c> child (CI clones the repository
/// next to it), else <c>NLP_SHARED_DIR</c>, else <c>/work/shared</c>. Tests that need it skip when it is absent.
/// </summary>
internal static class SharedDirectory
{
    public static string? Path { get; } = Locate();

    /// <summary>The shared folder, or the calling test is skipped (saying so) when there is none.</summary>
    public static string Require()
    {
        if (Path is null)
        {
            Assert.Skip("skipped: ../shared (seed and corpus artefacts) was not found next to the repository, " +
                "in NLP_SHARED_DIR or at /work/shared");
        }

        return Path;
    }

    private static string? Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared");
            if (File.Exists(System.IO.Path.Combine(candidate, "CONTRACT.md")))
            {
                return candidate;
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NLP_SHARED_DIR");
        if (!string.IsNullOrWhiteSpace(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        return Directory.Exists("/work/shared") ? "/work/shared" : null;
    }
}
