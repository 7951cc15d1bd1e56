using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// Reads a pickle (protocols 0 to 5) without executing anything: a small stack machine of our own that builds
/// plain .NET values (null, bool, long/BigInteger, double, string, byte[], tuples as <c>object?[]</c>,
/// <see cref="List{T}"/>, <see cref="Dictionary{TKey,TValue}"/>, sets) and, for the GLOBALs of
/// <see cref="PickleAllowList"/> only, <see cref="PickleObject"/>, <see cref="NumpyArray"/> and
/// <see cref="NumpyDtype"/>. Any other GLOBAL is refused the moment it is read, naming the class.
/// Work is bounded: at most <see cref="MaxPickleBytes"/> of input, every opcode consumes input, lengths are
/// checked against what is left, big integers are capped. joblib files (array bytes right after a
/// <c>NumpyArrayWrapper</c>'s BUILD) are read as joblib reads them.
/// </summary>
/// <remarks>
/// Razorvine.Pickle was the first candidate, but it resolves every unknown class silently to a dictionary,
/// registers constructors process-wide and cannot read joblib's mid-stream array bytes; an own reader of the
/// ~60 opcodes keeps the allow-list, the limits and the joblib layout in one place.
/// </remarks>
internal sealed partial class RestrictedUnpickler
{
    /// <summary>The largest pickle read (64 MiB).</summary>
    public const int MaxPickleBytes = 64 * 1024 * 1024;

    private const int HighestProtocol = 5;

    private readonly byte[] _data;
    private readonly string _fileName;
    private readonly int _depth;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];
    private int _pos;
    private int _opcodePos;

    private RestrictedUnpickler(byte[] data, int start, string fileName, int depth)
    {
        _data = data;
        _pos = start;
        _fileName = fileName;
        _depth = depth;
    }

    /// <summary>Unpickles <paramref name="data"/>; <paramref name="fileName"/> (relative to the model folder) names errors.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a pickle we accept.</exception>
    public static object? Load(byte[] data, string fileName)
    {
        ArgumentNullException.ThrowIfNull(data);
        PickleSignature.EnsureLooksLikePickle(data, fileName);
        try
        {
            return new RestrictedUnpickler(data, 0, fileName, depth: 0).Run();
        }
        catch (Exception ex) when (ex is not ModelFormatException and not OutOfMemoryException)
        {
            throw new ModelFormatException(fileName, $"the pickle is malformed: {ex.Message}", ex);
        }
    }

    private object? Run()
    {
        while (true)
        {
            _opcodePos = _pos;
            var opcode = ReadByte();
            if (opcode == PickleOpcode.Stop)
            {
                return Pop();
            }

            if (!DispatchValue(opcode) && !DispatchContainer(opcode) && !DispatchObject(opcode) && !DispatchControl(opcode))
            {
                throw Fail($"unknown pickle opcode 0x{opcode:x2}");
            }
        }
    }

    private bool DispatchControl(byte opcode)
    {
        switch (opcode)
        {
            case PickleOpcode.Proto:
                var protocol = ReadByte();
                if (protocol > HighestProtocol)
                {
                    throw Fail($"pickle protocol {protocol} is not supported (highest is {HighestProtocol})");
                }

                return true;
            case PickleOpcode.Frame:
                var frameLength = ReadUInt64();
                if (frameLength > (ulong)(_data.Length - _pos))
                {
                    throw Truncated();
                }

                return true;
            case PickleOpcode.Mark: _marks.Add(_stack.Count); return true;
            case PickleOpcode.Pop:
                if (_stack.Count > StackBase)
                {
                    _stack.RemoveAt(_stack.Count - 1);
                }
                else
                {
                    PopMark();
                }

                return true;
            case PickleOpcode.PopMark: PopMark(); return true;
            case PickleOpcode.Dup: Push(Peek()); return true;
            case PickleOpcode.Put: Memoize(ParseMemoKey(ReadLine())); return true;
            case PickleOpcode.BinPut: Memoize(ReadByte()); return true;
            case PickleOpcode.LongBinPut: Memoize(ReadUInt32()); return true;
            case PickleOpcode.Memoize: Memoize(_memo.Count); return true;
            case PickleOpcode.Get: Push(Recall(ParseMemoKey(ReadLine()))); return true;
            case PickleOpcode.BinGet: Push(Recall(ReadByte())); return true;
            case PickleOpcode.LongBinGet: Push(Recall(ReadUInt32())); return true;
            case PickleOpcode.PersId or PickleOpcode.BinPersId:
                throw Fail("persistent ids (PERSID) are not supported");
            case PickleOpcode.Ext1 or PickleOpcode.Ext2 or PickleOpcode.Ext4:
                throw Fail("extension codes (EXT1/EXT2/EXT4) are not supported");
            case PickleOpcode.NextBuffer:
                throw Fail("out-of-band buffers (NEXT_BUFFER) are not supported");
            case PickleOpcode.ReadOnlyBuffer:
                return Peek() is byte[] ? true : throw Fail("READONLY_BUFFER needs a bytes value");
            default: return false;
        }
    }

    private int StackBase => _marks.Count == 0 ? 0 : _marks[^1];

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > StackBase ? _stack[^1] : throw Fail("the pickle stack is empty");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private List<object?> PopMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail("MARK is missing");
        }

        var start = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = _stack.GetRange(start, _stack.Count - start);
        _stack.RemoveRange(start, _stack.Count - start);
        return items;
    }

    private void Memoize(long key) => _memo[key] = Peek();

    private object? Recall(long key) =>
        _memo.TryGetValue(key, out var value) ? value : throw Fail($"memo key {key} is missing");

    private long ParseMemoKey(ReadOnlySpan<byte> line) =>
        long.TryParse(line, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var key)
            ? key
            : throw Fail("a memo key is not a number");

    private ModelFormatException Fail(string problem) =>
        new(_fileName, $"{problem} (pickle opcode at byte {_opcodePos})");

    private ModelFormatException Truncated() =>
        new(_fileName, $"the pickle is truncated: it ends at byte {_data.Length} inside the opcode at byte {_opcodePos}");
}
