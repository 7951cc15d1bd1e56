namespace Nlp.Conformance.Tests.Engine;

/// <summary>
/// The engine tests' view of <c>../shared</c> (located by <see cref="SharedDirectory"/>). Null when absent: tests skip.
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

    private static string? Find() => SharedDirectory.Path;
}
