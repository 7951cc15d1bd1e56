using System.Text;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// A pickled numpy array: from <c>_reconstruct(ndarray, (0,), b'b')</c> + BUILD
/// <c>(version, shape, dtype, is_fortran, data)</c>, from <c>_frombuffer(buffer, dtype, shape, order)</c>
/// (protocol 5) or from a joblib payload. Object arrays keep their elements as unpickled values; other arrays
/// keep their raw bytes, decoded on demand by <see cref="NumpyElementDecoder"/>.
/// </summary>
internal sealed class NumpyArray
{
    private NumpyArray(NumpyDtype? dtype, long[] shape, bool fortran, byte[]? data, List<object?>? objects)
    {
        Dtype = dtype;
        Shape = shape;
        Fortran = fortran;
        Data = data;
        Objects = objects;
    }

    public NumpyDtype? Dtype { get; private set; }

    public long[] Shape { get; private set; }

    public bool Fortran { get; private set; }

    /// <summary>Raw element bytes (non-object dtypes), in <see cref="Fortran"/> or C order.</summary>
    public byte[]? Data { get; private set; }

    /// <summary>The elements of an object (<c>O</c>) array.</summary>
    public List<object?>? Objects { get; private set; }

    public static NumpyArray Placeholder() => new(null, [0], false, [], null);

    public static NumpyArray FromBytes(NumpyDtype dtype, long[] shape, bool fortran, byte[] data) =>
        new(dtype, shape, fortran, data, null);

    /// <summary><c>numpy.core.numeric._frombuffer(buffer, dtype, shape, order)</c>.</summary>
    public static NumpyArray FromBuffer(object?[] args, Func<string, Exception> fail)
    {
        if (args.Length != 4 || args[1] is not NumpyDtype dtype || args[3] is not string order)
        {
            throw fail("numpy _frombuffer needs (buffer, dtype, shape, order)");
        }

        var shape = ReadShape(args[2], fail);
        var data = ReadRawData(args[0], ByteCount(shape, dtype, fail), fail);
        return FromBytes(dtype, shape, order == "F", data);
    }

    /// <summary><c>ndarray.__setstate__</c>: <c>(version, shape, dtype, is_fortran, data)</c> or the 4-tuple without version.</summary>
    public void SetState(object? state, Func<string, Exception> fail)
    {
        var tuple = state as object?[] ?? throw fail($"a numpy array state must be a tuple, found {PythonTypeNames.Of(state)}");
        var parts = tuple.Length switch
        {
            5 => tuple[1..],
            4 => tuple,
            _ => throw fail($"a numpy array state has {tuple.Length} items"),
        };
        Shape = ReadShape(parts[0], fail);
        Dtype = parts[1] as NumpyDtype ?? throw fail("a numpy array state has no dtype");
        Fortran = parts[2] is true or 1L;
        if (Dtype.Kind == 'O')
        {
            Objects = parts[3] as List<object?> ?? throw fail($"a numpy object array holds {PythonTypeNames.Of(parts[3])}, not a list");
            Data = null;
            if (Objects.Count != ElementCount(Shape, fail))
            {
                throw fail($"a numpy object array of shape ({string.Join(", ", Shape)}) holds {Objects.Count} items");
            }
        }
        else
        {
            Data = ReadRawData(parts[3], ByteCount(Shape, Dtype, fail), fail);
            Objects = null;
        }
    }

    /// <summary>The elements as Python scalars (str, int, float, bool, bytes or the objects of an object array).</summary>
    public IReadOnlyList<object?> Elements(Func<string, Exception> fail)
    {
        if (Objects is not null)
        {
            return Objects;
        }

        var dtype = Dtype ?? throw fail("a numpy array has no dtype");
        var count = (int)ElementCount(Shape, fail);
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = NumpyElementDecoder.Decode(Data.AsSpan(i * dtype.ItemSize, dtype.ItemSize), dtype, fail);
        }

        return values;
    }

    public static long[] ReadShape(object? value, Func<string, Exception> fail)
    {
        if (value is not object?[] dims)
        {
            throw fail($"a numpy shape must be a tuple, found {PythonTypeNames.Of(value)}");
        }

        var shape = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            shape[i] = dims[i] is long dim and >= 0 ? dim : throw fail("a numpy shape holds a value that is not a size");
        }

        return shape;
    }

    public static int ByteCount(long[] shape, NumpyDtype dtype, Func<string, Exception> fail)
    {
        var bytes = ElementCount(shape, fail) * dtype.ItemSize;
        return bytes <= RestrictedUnpickler.MaxPickleBytes ? (int)bytes : throw fail("a numpy array is larger than the pickle size limit");
    }

    private static long ElementCount(long[] shape, Func<string, Exception> fail)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count = dim == 0 ? 0 : count <= RestrictedUnpickler.MaxPickleBytes / dim ? count * dim : throw fail("a numpy shape is too large");
        }

        return count;
    }

    private static byte[] ReadRawData(object? value, int expectedLength, Func<string, Exception> fail)
    {
        var data = value switch
        {
            byte[] bytes => bytes,
            string text when text.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(text),
            _ => throw fail($"numpy array data must be bytes, found {PythonTypeNames.Of(value)}"),
        };
        return data.Length == expectedLength
            ? data
            : throw fail($"numpy array data has {data.Length} bytes where its shape and dtype need {expectedLength}");
    }
}
