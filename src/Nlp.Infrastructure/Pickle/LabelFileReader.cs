using System.Text.Json;
using Nlp.Infrastructure.Common;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// Label names, in output order: the <c>classes_</c> of a pickled scikit-learn LabelEncoder, or a label list
/// (a pickled list/tuple/array, or a JSON array). Non-string labels are written as Python's <c>str(x)</c>.
/// </summary>
internal static class LabelFileReader
{
    /// <summary>More labels than any classifier output layer has; bounds the work on hostile files.</summary>
    public const int MaxLabels = 1_000_000;

    /// <summary><c>encoder.classes_</c> of a pickled LabelEncoder (numpy object, unicode or int array; numpy 1.x or 2.x; joblib).</summary>
    /// <exception cref="ModelFormatException">Not a LabelEncoder, a refused class, or labels that are not scalars.</exception>
    public static IReadOnlyList<string> ReadLabelEncoder(byte[] pickle, string fileName)
    {
        var root = RestrictedUnpickler.Load(pickle, fileName);
        if (root is not PickleObject { Type.Kind: PickleGlobalKind.LabelEncoder } encoder)
        {
            throw new ModelFormatException(fileName, $"expected a pickled scikit-learn LabelEncoder, found {PythonTypeNames.Of(root)}");
        }

        var classes = encoder.Attributes.GetValueOrDefault("classes_");
        return classes switch
        {
            NumpyArray { Shape: [<= MaxLabels] } array => ToLabels(array.Elements(Fail(fileName)), fileName, "classes_"),
            NumpyArray array => throw new ModelFormatException(fileName,
                $"'{encoder.ClassName}': classes_ has shape ({string.Join(", ", array.Shape)}), not one dimension of at most {MaxLabels}"),
            null when !encoder.Attributes.ContainsKey("classes_") => throw new ModelFormatException(fileName,
                $"'{encoder.ClassName}' has no classes_: the encoder was never fitted"),
            _ => throw new ModelFormatException(fileName,
                $"'{encoder.ClassName}': classes_ should be a numpy array, found {PythonTypeNames.Of(classes)}"),
        };
    }

    /// <summary>A label list: JSON array of strings (first non-space character <c>[</c>), or a pickled list/tuple/1-D array.</summary>
    /// <exception cref="ModelFormatException">Neither, or an element that is not a scalar.</exception>
    public static IReadOnlyList<string> ReadLabelList(byte[] bytes, string fileName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > RestrictedUnpickler.MaxPickleBytes)
        {
            throw new ModelFormatException(fileName, $"the label file is {bytes.Length} bytes; at most {RestrictedUnpickler.MaxPickleBytes} are read");
        }

        var text = bytes.AsSpan();
        if (text.StartsWith("\uFEFF"u8))
        {
            text = text[3..];
        }

        var firstNonSpace = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (firstNonSpace >= 0 && text[firstNonSpace] == (byte)'[')
        {
            return ReadJsonList(text, fileName);
        }

        var root = RestrictedUnpickler.Load(bytes, fileName);
        return root switch
        {
            List<object?> list => ToLabels(list, fileName, "the list"),
            object?[] tuple => ToLabels(tuple, fileName, "the tuple"),
            NumpyArray { Shape: [<= MaxLabels] } array => ToLabels(array.Elements(Fail(fileName)), fileName, "the array"),
            _ => throw new ModelFormatException(fileName, $"expected a pickled list of labels, found {PythonTypeNames.Of(root)}"),
        };
    }

    private static string[] ReadJsonList(ReadOnlySpan<byte> json, string fileName)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            var labels = new List<string>();
            foreach (var element in document.RootElement.EnumerateArray())
            {
                labels.Add(element.ValueKind switch
                {
                    JsonValueKind.String => element.GetString()!,
                    JsonValueKind.Number when element.TryGetInt64(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    _ => throw new ModelFormatException(fileName, $"label {labels.Count} of the JSON array is a {element.ValueKind}, not a string"),
                });
            }

            return [.. labels];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new ModelFormatException(fileName, $"the JSON label list is malformed: {ex.Message}", ex);
        }
    }

    private static string[] ToLabels(IReadOnlyList<object?> values, string fileName, string what)
    {
        if (values.Count > MaxLabels)
        {
            throw new ModelFormatException(fileName, $"{what} holds {values.Count} labels; at most {MaxLabels} are accepted");
        }

        var labels = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!PythonValueText.TryFormat(values[i], out labels[i]))
            {
                throw new ModelFormatException(fileName, $"label {i} of {what} is {PythonTypeNames.Of(values[i])}, not a str or number");
            }
        }

        return labels;
    }

    private static Func<string, Exception> Fail(string fileName) => problem => new ModelFormatException(fileName, problem);
}
