using System.Numerics;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Python's name for an unpickled value, for error messages ("found list", "found class 'x.y'").</summary>
internal static class PythonTypeNames
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        Dictionary<object, object?> => "dict",
        HashSet<object?> => "set",
        PickleGlobal global => $"class '{global.FullName}'",
        PickleObject instance => $"'{instance.ClassName}' object",
        NumpyArray => "numpy.ndarray",
        NumpyDtype => "numpy.dtype",
        _ => value.GetType().Name,
    };
}
