namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// Finds <c>shared/keras-vectors</c>: walking up from the test assembly to a directory holding
/// <c>shared/CONTRACT.md</c>, else <c>NLP_SHARED_DIR</c>, else <c>/work/shared</c>. Null when none exists.
/// </summary>
internal static class CoreVectorFiles
{
    public static string? Root { get; } = Locate();

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "CONTRACT.md")))
            {
                return VectorsIn(candidate);
            }
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NLP_SHARED_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return VectorsIn(fromEnvironment);
        }

        return VectorsIn("/work/shared");
    }

    private static string? VectorsIn(string shared)
    {
        var vectors = Path.Combine(shared, "keras-vectors");
        return Directory.Exists(vectors) ? vectors : null;
    }
}
