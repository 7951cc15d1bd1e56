using Nlp.Infrastructure.Common;
using PureHDF;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// Reads Keras's string attributes: <c>layer_names</c> and <c>weight_names</c> as fixed-length byte strings
/// (Keras 2), variable-length strings (tf.keras 2.12+, Keras 3) or, for a layer without weights, an EMPTY float64
/// array (what numpy makes of <c>[]</c>); split into <c>name0</c>, <c>name1</c>, ... when longer than the 64 KiB
/// HDF5 object-header limit, as Keras's <c>save_attributes_to_hdf5_group</c> does.
/// </summary>
internal static class Hdf5StringAttributes
{
    private const int MaxChunks = 100_000;

    /// <summary>The names stored under <paramref name="name"/>, or null when the attribute (and its chunks) is absent.</summary>
    public static List<string>? ReadList(IH5Object owner, string name, string fileName)
    {
        if (owner.AttributeExists(name))
        {
            return ReadOne(owner.Attribute(name), owner, name, fileName);
        }

        List<string>? names = null;
        for (var chunk = 0; chunk < MaxChunks && owner.AttributeExists(name + chunk); chunk++)
        {
            names ??= [];
            names.AddRange(ReadOne(owner.Attribute(name + chunk), owner, name + chunk, fileName));
        }

        return names;
    }

    /// <summary>A scalar text attribute such as <c>keras_version</c> or <c>model_config</c>; null when absent or not text.</summary>
    public static string? ReadText(IH5Object owner, string name)
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        if (attribute.Type.Class is not (H5DataTypeClass.String or H5DataTypeClass.VariableLength))
        {
            return null;
        }

        return attribute.Space.Type == H5DataspaceType.Scalar
            ? attribute.Read<string>()
            : attribute.Read<string[]>().FirstOrDefault();
    }

    private static List<string> ReadOne(IH5Attribute attribute, IH5Object owner, string name, string fileName)
    {
        var count = attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b);
        switch (attribute.Type.Class)
        {
            case H5DataTypeClass.String or H5DataTypeClass.VariableLength:
                var values = attribute.Space.Type == H5DataspaceType.Scalar ? [attribute.Read<string>()] : attribute.Read<string[]>();
                return [.. values.Select(v => v.TrimEnd('\0'))];
            case H5DataTypeClass.FloatingPoint or H5DataTypeClass.FixedPoint
                when attribute.Space.Type == H5DataspaceType.Null || count == 0:
                return []; // numpy's empty float64 array: a layer without weights
            default:
                throw new ModelFormatException(fileName, $"attribute '{name}' of '{owner.Name}' is not a list of names (data type {attribute.Type.Class})");
        }
    }
}
