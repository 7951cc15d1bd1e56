using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Typed reads of an unpickled object's attributes; a wrong type is a <see cref="ModelFormatException"/> naming it.</summary>
internal sealed class PickledAttributes(PickleObject instance, string fileName)
{
    public bool Has(string name) => instance.Attributes.ContainsKey(name);

    public object? Get(string name) => instance.Attributes.GetValueOrDefault(name);

    public string? GetOptionalString(string name) => Get(name) switch
    {
        null => null,
        string text => text,
        var other => throw Wrong(name, "a string or None", other),
    };

    public string GetString(string name, string defaultValue) => Has(name)
        ? GetOptionalString(name) ?? throw Wrong(name, "a string", null)
        : defaultValue;

    /// <summary>Python truthiness of a bool/int attribute (Keras stores plain bools).</summary>
    public bool GetBool(string name, bool defaultValue) => !Has(name) ? defaultValue : Get(name) switch
    {
        bool flag => flag,
        long number => number != 0,
        null => false,
        var other => throw Wrong(name, "a bool", other),
    };

    public long? GetOptionalLong(string name) => Get(name) switch
    {
        null => null,
        long number => number,
        bool flag => flag ? 1 : 0,
        var other => throw Wrong(name, "an int or None", other),
    };

    public Dictionary<object, object?>? GetOptionalDict(string name) => Get(name) switch
    {
        null => null,
        Dictionary<object, object?> dict => dict,
        var other => throw Wrong(name, "a dict", other),
    };

    public ModelFormatException Error(string problem) => new(fileName, $"'{instance.ClassName}': {problem}");

    private ModelFormatException Wrong(string name, string expected, object? found) =>
        Error($"attribute '{name}' should be {expected}, found {PythonTypeNames.Of(found)}");
}
