namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// joblib's array layout (<c>joblib.numpy_pickle.NumpyArrayWrapper.read_array</c>): right after the wrapper's
/// BUILD come the array's bytes: for object arrays a complete protocol-2 pickle of the array, otherwise (joblib
/// ≥ 1.2) one padding-length byte, that many padding bytes, then the raw elements.
/// </summary>
internal sealed partial class RestrictedUnpickler
{
    private NumpyArray ReadJoblibArray(PickleObject wrapper)
    {
        var attributes = wrapper.Attributes;
        if (!attributes.TryGetValue("dtype", out var dtypeValue) || dtypeValue is not NumpyDtype dtype)
        {
            throw Fail("a joblib NumpyArrayWrapper has no numpy dtype");
        }

        if (attributes.TryGetValue("subclass", out var subclass) && subclass is not PickleGlobal { Kind: PickleGlobalKind.NumpyNdarray })
        {
            throw Fail($"a joblib array of class {PythonTypeNames.Of(subclass)} is not supported");
        }

        var shape = NumpyArray.ReadShape(attributes.GetValueOrDefault("shape"), Fail);
        if (dtype.Kind == 'O')
        {
            var nested = new RestrictedUnpickler(_data, _pos, _fileName, _depth + 1);
            var array = nested.Run() as NumpyArray ?? throw Fail("a joblib object array does not hold a numpy array");
            _pos = nested._pos;
            return array;
        }

        if (attributes.TryGetValue("numpy_array_alignment_bytes", out var alignment) && alignment is not null)
        {
            _ = ReadSpan(ReadByte());
        }

        var fortran = attributes.GetValueOrDefault("order") is "F";
        var byteCount = NumpyArray.ByteCount(shape, dtype, Fail);
        return NumpyArray.FromBytes(dtype, shape, fortran, ReadSpan(byteCount).ToArray());
    }
}
