using System.Collections.Frozen;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// The only pickle GLOBALs a model file may name. Everything else (<c>os.system</c>, <c>builtins.eval</c>, any
/// other class) is refused before anything is built, with an error that names the class.
/// </summary>
internal static class PickleAllowList
{
    private static readonly FrozenDictionary<string, PickleGlobalKind> Allowed = new Dictionary<string, PickleGlobalKind>
    {
        ["keras_preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["keras.preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["keras.src.preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["keras.src.legacy.preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["tensorflow.keras.preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["tensorflow.python.keras.preprocessing.text.Tokenizer"] = PickleGlobalKind.KerasTokenizer,
        ["sklearn.preprocessing.label.LabelEncoder"] = PickleGlobalKind.LabelEncoder,
        ["sklearn.preprocessing._label.LabelEncoder"] = PickleGlobalKind.LabelEncoder,
        ["joblib.numpy_pickle.NumpyArrayWrapper"] = PickleGlobalKind.JoblibArrayWrapper,
        ["collections.OrderedDict"] = PickleGlobalKind.OrderedDict,
        ["collections.defaultdict"] = PickleGlobalKind.DefaultDict,
        ["builtins.int"] = PickleGlobalKind.BuiltinInt,
        ["builtins.object"] = PickleGlobalKind.BuiltinObject,
        ["builtins.bytes"] = PickleGlobalKind.BuiltinBytes,
        ["copyreg._reconstructor"] = PickleGlobalKind.CopyRegReconstructor,
        ["_codecs.encode"] = PickleGlobalKind.CodecsEncode,
        ["numpy.core.multiarray._reconstruct"] = PickleGlobalKind.NumpyReconstruct,
        ["numpy._core.multiarray._reconstruct"] = PickleGlobalKind.NumpyReconstruct,
        ["numpy.core.numeric._frombuffer"] = PickleGlobalKind.NumpyFromBuffer,
        ["numpy._core.numeric._frombuffer"] = PickleGlobalKind.NumpyFromBuffer,
        ["numpy.core.multiarray.scalar"] = PickleGlobalKind.NumpyScalar,
        ["numpy._core.multiarray.scalar"] = PickleGlobalKind.NumpyScalar,
        ["numpy.ndarray"] = PickleGlobalKind.NumpyNdarray,
        ["numpy.dtype"] = PickleGlobalKind.NumpyDtype,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// Resolves a GLOBAL. Python 2 names are mapped as Python 3's unpickler does (<c>_compat_pickle</c>):
    /// <c>__builtin__</c> → <c>builtins</c>, <c>copy_reg</c> → <c>copyreg</c>, <c>__builtin__.long</c> →
    /// <c>builtins.int</c> (what Python 3 itself writes for <c>int</c> at protocols 0 to 2).
    /// </summary>
    public static bool TryResolve(string module, string name, out PickleGlobal global)
    {
        var fullName = (module, name) switch
        {
            ("__builtin__", "long") => "builtins.int",
            ("__builtin__", _) => "builtins." + name,
            ("copy_reg", _) => "copyreg." + name,
            _ => module + "." + name,
        };
        if (Allowed.TryGetValue(fullName, out var kind))
        {
            global = new PickleGlobal(fullName, kind);
            return true;
        }

        global = new PickleGlobal(module + "." + name, default);
        return false;
    }
}
