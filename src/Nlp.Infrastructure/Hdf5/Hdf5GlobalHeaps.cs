using System.Buffers;
using System.Buffers.Binary;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Checks every global heap collection of an HDF5 file before PureHDF reads one. Variable-length strings (Keras's
/// <c>layer_names</c>, <c>weight_names</c> and <c>model_config</c> from tf.keras 2.12 on and Keras 3) live there, and
/// PureHDF 2.2 allocates each object's declared size before it reads it: a 6 KB file declaring a 1.9 GB object made
/// it allocate 1.9 GB. A collection is found by its signature (<c>GCOL</c>, version 1) anywhere in the file, then
/// walked as PureHDF walks it: it must end within the file and each object's data within the collection.
/// Bounded work: one pass over the file and at most <see cref="MaxObjects"/> object headers.
/// </summary>
internal static class Hdf5GlobalHeaps
{
    /// <summary>Objects in all collections together (a Keras file has one per variable-length string).</summary>
    public const int MaxObjects = 1_000_000;

    private const int BufferBytes = 1 << 20;

    private static ReadOnlySpan<byte> Signature => "GCOL"u8;

    /// <summary>Checks <paramref name="stream"/> (seekable; left at position 0). <paramref name="lengthSize"/> is the superblock's size of lengths.</summary>
    public static void Check(Stream stream, int lengthSize, string fileName)
    {
        try
        {
            var objects = 0;
            foreach (var at in FindSignatures(stream))
            {
                objects += CheckCollection(stream, at, lengthSize, fileName, MaxObjects - objects);
            }
        }
        finally
        {
            stream.Position = 0;
        }
    }

    // Every offset where the signature starts, in one buffered pass (the last 3 bytes of a buffer are kept so that a
    // signature across two reads is found).
    private static List<long> FindSignatures(Stream stream)
    {
        var found = new List<long>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            stream.Position = 0;
            long bufferStart = 0;
            var kept = 0;
            int read;
            while ((read = stream.Read(buffer, kept, BufferBytes - kept)) > 0)
            {
                var filled = kept + read;
                var span = buffer.AsSpan(0, filled);
                for (var from = 0; ;)
                {
                    var index = span[from..].IndexOf(Signature);
                    if (index < 0)
                    {
                        break;
                    }

                    found.Add(bufferStart + from + index);
                    from += index + 1;
                }

                kept = Math.Min(Signature.Length - 1, filled);
                buffer.AsSpan(filled - kept, kept).CopyTo(buffer);
                bufferStart += filled - kept;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return found;
    }

    // The collection at `at` as PureHDF's GlobalHeapCollection.Decode reads it: signature, version, 3 reserved bytes,
    // collection size; then objects (index, reference count, 4 reserved bytes, size, data padded to 8 bytes) while more
    // than an object header of the declared size remains, until the free-space object (index 0). Returns the number of
    // objects walked.
    private static int CheckCollection(Stream stream, long at, int lengthSize, string fileName, int objectsLeft)
    {
        var length = stream.Length;
        Span<byte> header = stackalloc byte[16];
        var headerSize = 8 + lengthSize;
        if (!ReadAt(stream, at, header[..headerSize]) || header[4] != 1)
        {
            return 0; // PureHDF refuses a cut-off header or another version before it reads any object
        }

        var collectionSize = ReadLength(header[8..], lengthSize);
        var end = at + (long)Math.Min(collectionSize, (ulong)long.MaxValue / 2);
        if (collectionSize > (ulong)length || end > length)
        {
            throw Refused(fileName, at, $"declares {collectionSize} bytes, past the end of the {length}-byte file");
        }

        var position = at + headerSize;
        var remaining = collectionSize;
        var objects = 0;
        while (remaining > (ulong)headerSize)
        {
            if (!ReadAt(stream, position, header[..headerSize]))
            {
                return objects; // PureHDF fails reading past the end of the file, before any allocation
            }

            if (BinaryPrimitives.ReadUInt16LittleEndian(header) == 0)
            {
                return objects; // the free-space object ends the walk
            }

            if (++objects > objectsLeft)
            {
                throw new ModelFormatException(fileName,
                    $"'{fileName}' cannot be read as HDF5: its global heaps hold more than {MaxObjects} objects");
            }

            var objectSize = ReadLength(header[8..], lengthSize);
            var dataStart = position + headerSize;
            var padded = objectSize > ulong.MaxValue - 7 ? ulong.MaxValue : (objectSize + 7) / 8 * 8;
            var room = end - dataStart;
            if (room < 0 || padded > (ulong)room)
            {
                throw Refused(fileName, at, $"holds an object of {objectSize} bytes at offset {position}, past the collection's end at {end}");
            }

            var consumed = (ulong)headerSize + padded;
            remaining -= Math.Min(consumed, remaining);
            position = dataStart + (long)padded;
        }

        return objects;
    }

    private static bool ReadAt(Stream stream, long position, Span<byte> destination)
    {
        if (position < 0 || position + destination.Length > stream.Length)
        {
            return false;
        }

        stream.Position = position;
        return stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false) == destination.Length;
    }

    private static ulong ReadLength(ReadOnlySpan<byte> bytes, int size) => size switch
    {
        2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes),
    };

    private static ModelFormatException Refused(string fileName, long at, string problem) =>
        new(fileName, $"'{fileName}' cannot be read as HDF5: the global heap collection at offset {at} {problem}");
}
