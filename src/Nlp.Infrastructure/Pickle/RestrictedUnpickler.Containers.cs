namespace Nlp.Infrastructure.Pickle;

/// <summary>Opcodes that build lists, dicts, tuples and sets.</summary>
internal sealed partial class RestrictedUnpickler
{
    private bool DispatchContainer(byte opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.EmptyList: Push(new List<object?>()); return true;
            case PickleOpcode.List: Push(PopMark()); return true;
            case PickleOpcode.Append:
                var item = Pop();
                PeekList().Add(item);
                return true;
            case PickleOpcode.Appends:
                var items = PopMark();
                PeekList().AddRange(items);
                return true;
            case PickleOpcode.EmptyDict: Push(new Dictionary<object, object?>()); return true;
            case PickleOpcode.Dict:
                var dict = new Dictionary<object, object?>();
                SetItems(dict, PopMark());
                Push(dict);
                return true;
            case PickleOpcode.SetItem:
                var value = Pop();
                var key = Pop();
                PeekDict()[CheckKey(key)] = value;
                return true;
            case PickleOpcode.SetItems:
                var pairs = PopMark();
                SetItems(PeekDict(), pairs);
                return true;
            case PickleOpcode.EmptyTuple: Push(Array.Empty<object?>()); return true;
            case PickleOpcode.Tuple: Push(PopMark().ToArray()); return true;
            case PickleOpcode.Tuple1: Push(PopTuple(1)); return true;
            case PickleOpcode.Tuple2: Push(PopTuple(2)); return true;
            case PickleOpcode.Tuple3: Push(PopTuple(3)); return true;
            case PickleOpcode.EmptySet: Push(new HashSet<object?>()); return true;
            case PickleOpcode.AddItems:
                var members = PopMark();
                var set = Peek() as HashSet<object?> ?? throw Fail("ADDITEMS needs a set");
                foreach (var member in members)
                {
                    set.Add(CheckKey(member));
                }

                return true;
            case PickleOpcode.FrozenSet:
                var frozen = new HashSet<object?>();
                foreach (var member in PopMark())
                {
                    frozen.Add(CheckKey(member));
                }

                Push(frozen);
                return true;
            default: return false;
        }
    }

    private object?[] PopTuple(int count)
    {
        var tuple = new object?[count];
        for (var i = count - 1; i >= 0; i--)
        {
            tuple[i] = Pop();
        }

        return tuple;
    }

    private List<object?> PeekList() => Peek() as List<object?> ?? throw Fail($"APPEND needs a list, found {PythonTypeNames.Of(Peek())}");

    private Dictionary<object, object?> PeekDict() =>
        Peek() as Dictionary<object, object?> ?? throw Fail($"SETITEM needs a dict, found {PythonTypeNames.Of(Peek())}");

    private void SetItems(Dictionary<object, object?> dict, List<object?> pairs)
    {
        if (pairs.Count % 2 != 0)
        {
            throw Fail("SETITEMS needs key/value pairs");
        }

        for (var i = 0; i < pairs.Count; i += 2)
        {
            dict[CheckKey(pairs[i])] = pairs[i + 1];
        }
    }

    /// <summary>Dict keys and set members must be hashable values (None is not supported as a key here).</summary>
    private object CheckKey(object? key) => key switch
    {
        null => throw Fail("None as a dict key or set member is not supported"),
        List<object?> or Dictionary<object, object?> or HashSet<object?> or NumpyArray =>
            throw Fail($"unhashable {PythonTypeNames.Of(key)} used as a dict key or set member"),
        _ => key,
    };
}
