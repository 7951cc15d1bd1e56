namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary><c>shared/keras-vectors</c> (see <see cref="SharedDirectory"/>); null when absent.</summary>
internal static class CoreVectorFiles
{
    public static string? Root { get; } = SharedDirectory.Find("keras-vectors");
}
