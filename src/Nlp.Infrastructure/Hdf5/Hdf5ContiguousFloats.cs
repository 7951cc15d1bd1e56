using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Reads a weight dataset's float32 values straight from the file when they are stored contiguously and every value
/// was written (big-endian values are swapped; PureHDF 2.2 refuses them). That is what Keras writes, and it spares a
/// process's first load PureHDF's generic read path (about 30 methods compiled by the JIT at the first read, some
/// instantiated by reflection): 10 to 23 ms of a cold load's weights step on the AVX2 machine (docs/benchmarks.md,
/// fourteenth round). PureHDF 2.2 keeps where a dataset's values are in internal members, looked up once here;
/// anything this reader does not recognise (another layout, byte order or PureHDF version, a dataset whose storage was
/// never written) makes <see cref="TryRead"/> return null and the caller read the dataset through PureHDF as before:
/// slower, never wrong.
/// </summary>
internal sealed class Hdf5ContiguousFloats(Stream stream, long baseAddress)
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    private static readonly Assembly PureHdf = typeof(H5File).Assembly;
    private static readonly Type? NativeDataset = PureHdf.GetType("PureHDF.VOL.Native.NativeDataset");
    private static readonly PropertyInfo? Layout = NativeDataset?.GetProperty("InternalDataLayout", Members);
    private static readonly PropertyInfo? DataType = NativeDataset?.GetProperty("InternalDataType", Members);
    private static readonly PropertyInfo? Filters = NativeDataset?.GetProperty("InternalFilterPipeline", Members);
    private static readonly PropertyInfo? StorageOf = PureHdf.GetType("PureHDF.VOL.Native.DataLayoutMessage3")?.GetProperty("Properties", Members);
    private static readonly Type? Contiguous = PureHdf.GetType("PureHDF.VOL.Native.ContiguousStoragePropertyDescription");
    private static readonly PropertyInfo? Address = Contiguous?.GetProperty("Address", Members);
    private static readonly PropertyInfo? Size = Contiguous?.GetProperty("Size", Members);
    private static readonly PropertyInfo? BitField = PureHdf.GetType("PureHDF.VOL.Native.DatatypeMessage")?.GetProperty("BitField", Members);
    private static readonly PropertyInfo? ByteOrder = PureHdf.GetType("PureHDF.VOL.Native.FloatingPointBitFieldDescription")?.GetProperty("ByteOrder", Members);

    /// <summary>Whether this PureHDF exposes every member the reader needs (tests: an update that renames one is noticed).</summary>
    internal static bool Supported =>
        Layout is not null && DataType is not null && Filters is not null && StorageOf is not null && Address is not null
        && Size is not null && BitField is not null && ByteOrder is not null && BitConverter.IsLittleEndian;

    /// <summary>
    /// The <paramref name="count"/> float32 values of <paramref name="dataset"/> (a 4-byte floating-point dataset whose
    /// storage has been checked to be its own file's), or null when they cannot be read straight from the file.
    /// </summary>
    public float[]? TryRead(IH5Dataset dataset, long count)
    {
        if (count > Array.MaxLength || Locate(dataset, count * sizeof(float), out var bigEndian) is not { } offset)
        {
            return null;
        }

        var values = GC.AllocateUninitializedArray<float>((int)count);
        if (!ReadAt(offset, MemoryMarshal.AsBytes(values.AsSpan())))
        {
            return null;
        }

        if (bigEndian)
        {
            var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(bits, bits);
        }

        return values;
    }

    // Where the values start in the stream, if they are all there as float32 bytes in little- or big-endian order
    // (0 and 1 in PureHDF's ByteOrder).
    private long? Locate(IH5Dataset dataset, long bytes, out bool bigEndian)
    {
        bigEndian = false;
        if (!Supported || !NativeDataset!.IsInstanceOfType(dataset) || Filters!.GetValue(dataset) is not null)
        {
            return null;
        }

        var bitField = DataType!.GetValue(dataset) is { } type ? BitField!.GetValue(type) : null;
        var order = bitField is not null && ByteOrder!.DeclaringType!.IsInstanceOfType(bitField) ? Convert.ToInt32(ByteOrder.GetValue(bitField)) : -1;
        if (order is not (0 or 1))
        {
            return null;
        }

        bigEndian = order == 1;
        var storage = Layout!.GetValue(dataset) is { } layout && StorageOf!.DeclaringType!.IsInstanceOfType(layout)
            ? StorageOf.GetValue(layout)
            : null;
        if (storage is null || !Contiguous!.IsInstanceOfType(storage) || (ulong)Size!.GetValue(storage)! != (ulong)bytes)
        {
            return null;
        }

        var address = (ulong)Address!.GetValue(storage)!;
        var length = stream.Length;
        return address < (ulong)length && (long)address <= length - baseAddress - bytes ? baseAddress + (long)address : null;
    }

    private bool ReadAt(long offset, Span<byte> target)
    {
        if (stream is FileStream file)
        {
            while (!target.IsEmpty)
            {
                var read = RandomAccess.Read(file.SafeFileHandle, target, offset);
                if (read == 0)
                {
                    return false;
                }

                target = target[read..];
                offset += read;
            }

            return true;
        }

        var position = stream.Position;
        try
        {
            stream.Position = offset;
            return stream.ReadAtLeast(target, target.Length, throwOnEndOfStream: false) == target.Length;
        }
        finally
        {
            stream.Position = position;
        }
    }
}
