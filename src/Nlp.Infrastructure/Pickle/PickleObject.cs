namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// An instance of an allow-listed Python class (a Keras Tokenizer, a LabelEncoder, a joblib array wrapper):
/// its class name and the attributes its pickled <c>__dict__</c> carried. No Python code runs to build it.
/// </summary>
internal sealed class PickleObject(PickleGlobal type)
{
    public PickleGlobal Type { get; } = type;

    public string ClassName => Type.FullName;

    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
