namespace Nlp.Infrastructure.Pickle;

/// <summary>An allow-listed class or function named by a pickle GLOBAL (a reference only; nothing is imported).</summary>
internal sealed record PickleGlobal(string FullName, PickleGlobalKind Kind)
{
    public bool IsObjectClass =>
        Kind is PickleGlobalKind.KerasTokenizer or PickleGlobalKind.LabelEncoder or PickleGlobalKind.JoblibArrayWrapper;

    public override string ToString() => FullName;
}
