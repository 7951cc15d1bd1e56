using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// What REDUCE (a call) and BUILD (<c>__setstate__</c>) do for each allow-listed GLOBAL, re-implemented in C#:
/// nothing from the pickle is ever executed.
/// </summary>
internal static class PickleConstructors
{
    public static object? Call(PickleGlobal callable, object?[] args, Func<string, Exception> fail) => callable.Kind switch
    {
        PickleGlobalKind.KerasTokenizer or PickleGlobalKind.LabelEncoder or PickleGlobalKind.JoblibArrayWrapper when args.Length == 0 =>
            new PickleObject(callable),
        PickleGlobalKind.OrderedDict => NewOrderedDict(args, fail),
        PickleGlobalKind.DefaultDict => NewDefaultDict(args, fail),
        PickleGlobalKind.CopyRegReconstructor => Reconstruct(args, fail),
        PickleGlobalKind.CodecsEncode => Encode(args, fail),
        PickleGlobalKind.BuiltinBytes when args.Length == 0 => Array.Empty<byte>(),
        PickleGlobalKind.NumpyReconstruct when args is [PickleGlobal { Kind: PickleGlobalKind.NumpyNdarray }, ..] =>
            NumpyArray.Placeholder(),
        PickleGlobalKind.NumpyFromBuffer => NumpyArray.FromBuffer(args, fail),
        PickleGlobalKind.NumpyScalar => NumpyElementDecoder.Scalar(args, fail),
        PickleGlobalKind.NumpyDtype => NumpyDtype.Create(args, fail),
        _ => throw fail($"'{callable}' may not be called with {args.Length} argument(s) here"),
    };

    public static void SetState(object? target, object? state, Func<string, Exception> fail)
    {
        switch (target)
        {
            case PickleObject instance:
                SetAttributes(instance, state, fail);
                break;
            case NumpyArray array:
                array.SetState(state, fail);
                break;
            case NumpyDtype dtype:
                dtype.SetState(state, fail);
                break;
            default:
                throw fail($"BUILD on {PythonTypeNames.Of(target)} is not supported");
        }
    }

    /// <summary>Python's default <c>__setstate__</c>: a <c>__dict__</c>, or a (dict, slots) pair.</summary>
    private static void SetAttributes(PickleObject instance, object? state, Func<string, Exception> fail)
    {
        switch (state)
        {
            case Dictionary<object, object?> dict:
                foreach (var (key, value) in dict)
                {
                    instance.Attributes[key as string ?? throw fail($"'{instance.ClassName}' has a non-string attribute name")] = value;
                }

                break;
            case object?[] { Length: 2 } pair when pair[0] is null or Dictionary<object, object?> && pair[1] is null or Dictionary<object, object?>:
                SetAttributes(instance, pair[0] ?? new Dictionary<object, object?>(), fail);
                SetAttributes(instance, pair[1] ?? new Dictionary<object, object?>(), fail);
                break;
            default:
                throw fail($"the state of '{instance.ClassName}' must be a dict, found {PythonTypeNames.Of(state)}");
        }
    }

    /// <summary><c>OrderedDict()</c>, or Python 2's <c>OrderedDict([[key, value], ...])</c>.</summary>
    private static Dictionary<object, object?> NewOrderedDict(object?[] args, Func<string, Exception> fail)
    {
        var dict = new Dictionary<object, object?>();
        if (args.Length == 0)
        {
            return dict;
        }

        if (args is not [List<object?> items])
        {
            throw fail("OrderedDict needs no arguments or a list of pairs");
        }

        foreach (var item in items)
        {
            var pair = item switch
            {
                List<object?> { Count: 2 } list => (list[0], list[1]),
                object?[] { Length: 2 } tuple => (tuple[0], tuple[1]),
                _ => throw fail("OrderedDict items must be pairs"),
            };
            dict[pair.Item1 ?? throw fail("None as a dict key is not supported")] = pair.Item2;
        }

        return dict;
    }

    /// <summary><c>defaultdict(int)</c> or <c>defaultdict(None)</c>: a dict (the factory is never called here).</summary>
    private static Dictionary<object, object?> NewDefaultDict(object?[] args, Func<string, Exception> fail) =>
        args is [] or [null] or [PickleGlobal { Kind: PickleGlobalKind.BuiltinInt }]
            ? []
            : throw fail("defaultdict may only have builtins.int as its default factory");

    /// <summary><c>copyreg._reconstructor(cls, object, None)</c>: how protocols 0 and 1 create instances.</summary>
    private static PickleObject Reconstruct(object?[] args, Func<string, Exception> fail) =>
        args is [PickleGlobal { IsObjectClass: true } type, PickleGlobal { Kind: PickleGlobalKind.BuiltinObject }, null]
            ? new PickleObject(type)
            : throw fail("copyreg._reconstructor may only create an allow-listed class from builtins.object");

    /// <summary><c>_codecs.encode(text, 'latin1')</c>: protocol 2's form of Python 3 bytes.</summary>
    private static byte[] Encode(object?[] args, Func<string, Exception> fail)
    {
        if (args is not [string text, ..] || args.Length > 2 || (args.Length == 2 && args[1] is not string))
        {
            throw fail("_codecs.encode needs (str, encoding)");
        }

        var encoding = args.Length == 2 ? ((string)args[1]!).ToLowerInvariant().Replace('_', '-') : "utf-8";
        return encoding switch
        {
            "latin1" or "latin-1" or "iso-8859-1" or "iso8859-1" or "l1" when text.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(text),
            "utf-8" or "utf8" => Encoding.UTF8.GetBytes(text),
            _ => throw fail($"_codecs.encode with encoding '{encoding}' is not supported"),
        };
    }
}
