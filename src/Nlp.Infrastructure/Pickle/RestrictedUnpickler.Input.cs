using System.Buffers.Binary;

namespace Nlp.Infrastructure.Pickle;

/// <summary>Bounds-checked reads of the opcode arguments.</summary>
internal sealed partial class RestrictedUnpickler
{
    private int Remaining => _data.Length - _pos;

    private byte ReadByte() => _pos < _data.Length ? _data[_pos++] : throw Truncated();

    private ReadOnlySpan<byte> ReadSpan(long length)
    {
        if (length < 0)
        {
            throw Fail($"negative length {length}");
        }

        if (length > Remaining)
        {
            throw Truncated();
        }

        var span = _data.AsSpan(_pos, (int)length);
        _pos += (int)length;
        return span;
    }

    /// <summary>The bytes up to the next <c>\n</c> (not included); the newline is consumed.</summary>
    private ReadOnlySpan<byte> ReadLine()
    {
        var rest = _data.AsSpan(_pos);
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw Truncated();
        }

        _pos += end + 1;
        return rest[..end];
    }

    private ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadSpan(2));

    private int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(ReadSpan(4));

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadSpan(4));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadSpan(8));

    /// <summary>An unsigned 4- or 8-byte length, checked against what is left of the file.</summary>
    private long ReadLength(int width)
    {
        var length = width == 4 ? ReadUInt32() : ReadUInt64();
        return length <= (ulong)Remaining ? (long)length : throw Truncated();
    }
}
