using System.Text;
using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using YamlDotNet.Core;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Reads a Keras architecture: the text of <c>model.to_yaml()</c> or <c>model.to_json()</c> (JSON is YAML), from a
/// file or from the <c>model_config</c> attribute of a <c>model.save()</c> file. Bounded: at most
/// <see cref="MaxBytes"/> of text and <see cref="MaxDepth"/> levels of nesting. Errors are
/// <see cref="ModelFormatException"/>s naming <c>fileName</c> (relative to the model folder).
/// </summary>
internal static class ArchitectureReader
{
    public const int MaxBytes = 16 * 1024 * 1024;
    public const int MaxDepth = 64;

    /// <summary>Reads and parses an architecture file; <paramref name="fileName"/> is the name used in errors.</summary>
    public static ModelArchitecture ReadFile(string path, string fileName) => Parse(ReadText(path, fileName), fileName);

    /// <summary>Parses architecture text (YAML or JSON) into a model graph.</summary>
    public static ModelArchitecture Parse(string text, string fileName) =>
        ModelArchitectureParser.Parse(ParseTree(text, fileName), fileName);

    /// <summary>Parses YAML or JSON text into JSON nodes, without interpreting it as a model.</summary>
    public static JsonNode? ParseTree(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxBytes)
        {
            throw new ModelFormatException(fileName, $"the architecture text is larger than {MaxBytes / (1024 * 1024)} MiB");
        }

        try
        {
            return YamlJsonConverter.Convert(text, MaxDepth);
        }
        catch (FormatException ex)
        {
            throw new ModelFormatException(fileName, $"the architecture cannot be read: {ex.Message}", ex);
        }
        catch (YamlException ex)
        {
            throw new ModelFormatException(fileName, $"the architecture is not valid YAML or JSON (line {ex.Start.Line}, column {ex.Start.Column}): {ex.Message}", ex);
        }
    }

    private static string ReadText(string path, string fileName)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxBytes)
            {
                throw new ModelFormatException(fileName, $"the architecture file is larger than {MaxBytes / (1024 * 1024)} MiB ({stream.Length} bytes)");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            var offset = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            return utf8.GetString(bytes, offset, bytes.Length - offset);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelFormatException(fileName, "the architecture file is not UTF-8 text", ex);
        }
        catch (FileNotFoundException ex)
        {
            throw new ModelFormatException(fileName, "the architecture file does not exist", ex);
        }
        catch (IOException ex)
        {
            // The message of an IOException usually holds the absolute path: keep it out of the error text.
            throw new ModelFormatException(fileName, $"the architecture file cannot be read ({ex.GetType().Name})", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ModelFormatException(fileName, "the architecture file cannot be read: access denied", ex);
        }
    }
}
