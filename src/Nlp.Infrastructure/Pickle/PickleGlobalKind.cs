namespace Nlp.Infrastructure.Pickle;

/// <summary>What an allow-listed pickle GLOBAL stands for; anything else is refused when it is read.</summary>
internal enum PickleGlobalKind
{
    /// <summary>A Keras <c>Tokenizer</c> class (any of its module paths): an object rebuilt from its <c>__dict__</c>.</summary>
    KerasTokenizer,

    /// <summary>scikit-learn's <c>LabelEncoder</c>: an object rebuilt from its <c>__dict__</c>.</summary>
    LabelEncoder,

    /// <summary>joblib's <c>NumpyArrayWrapper</c>: array metadata; the array bytes follow its BUILD in the file.</summary>
    JoblibArrayWrapper,

    /// <summary><c>collections.OrderedDict</c>.</summary>
    OrderedDict,

    /// <summary><c>collections.defaultdict</c> (its factory may only be <c>builtins.int</c> or None).</summary>
    DefaultDict,

    /// <summary><c>builtins.int</c>: only as a defaultdict factory, never called.</summary>
    BuiltinInt,

    /// <summary><c>builtins.bytes</c>: only <c>bytes()</c> (how protocols 0 to 2 write an empty bytes value).</summary>
    BuiltinBytes,

    /// <summary><c>builtins.object</c>: only as the base argument of <c>copyreg._reconstructor</c>.</summary>
    BuiltinObject,

    /// <summary><c>copyreg._reconstructor</c> (protocol 0/1 objects): only for the allowed classes above.</summary>
    CopyRegReconstructor,

    /// <summary><c>_codecs.encode(str, 'latin1')</c>: how protocol 2 writes Python 3 bytes.</summary>
    CodecsEncode,

    /// <summary><c>numpy.core.multiarray._reconstruct</c> (numpy 1.x) / <c>numpy._core.multiarray._reconstruct</c> (2.x).</summary>
    NumpyReconstruct,

    /// <summary><c>numpy.core.numeric._frombuffer</c> / <c>numpy._core.numeric._frombuffer</c> (protocol 5 arrays).</summary>
    NumpyFromBuffer,

    /// <summary><c>numpy.core.multiarray.scalar</c> / <c>numpy._core.multiarray.scalar</c> (numpy scalars).</summary>
    NumpyScalar,

    /// <summary><c>numpy.ndarray</c>: only as the class argument of <c>_reconstruct</c> or a joblib wrapper's subclass.</summary>
    NumpyNdarray,

    /// <summary><c>numpy.dtype</c>.</summary>
    NumpyDtype,
}
