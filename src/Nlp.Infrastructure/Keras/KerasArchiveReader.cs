using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;

namespace Nlp.Infrastructure.Keras;

/// <summary>
/// Reads a Keras 3 <c>.keras</c> archive (the zip of <c>model.save("x.keras")</c>): <c>config.json</c> (the model
/// config, returned as <see cref="KerasWeightsFile.ModelConfigJson"/>), <c>model.weights.h5</c> (the Keras 3 weights
/// layout) and <c>metadata.json</c> (<c>keras_version</c>). Bounded: at most <see cref="MaxEntries"/> entries, no
/// entry over <see cref="MaxWeightsBytes"/>, and every entry must decompress to exactly the size its header declares
/// (a zip bomb declares less than it holds). Errors name the archive (entries as <c>x.keras/model.weights.h5</c>).
/// </summary>
internal static class KerasArchiveReader
{
    public const int MaxEntries = 64;
    public const long MaxWeightsBytes = 2L * 1024 * 1024 * 1024;
    public const long MaxArchiveBytes = MaxWeightsBytes + (64L * 1024 * 1024);
    private const long MaxMetadataBytes = 1024 * 1024;
    private const string ConfigEntry = "config.json";
    private const string WeightsEntry = "model.weights.h5";
    private const string MetadataEntry = "metadata.json";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsArchive(string fileName) => fileName.EndsWith(".keras", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the archive at <paramref name="path"/>; <paramref name="fileName"/> is its name in the model folder.</summary>
    public static KerasWeightsFile Read(string path, string fileName)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read(stream, fileName);
    }

    /// <summary>Reads an archive from a seekable stream (left open).</summary>
    public static KerasWeightsFile Read(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.Length > MaxArchiveBytes)
        {
            throw new ModelFormatException(fileName, $"the archive is {stream.Length} bytes; the limit is {MaxArchiveBytes}.");
        }

        ZipDirectoryCheck.Check(stream, fileName, MaxEntries);
        try
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (archive.Entries.Count > MaxEntries)
            {
                throw new ModelFormatException(fileName, $"the archive has {archive.Entries.Count} entries; at most {MaxEntries} are read.");
            }

            var config = StrictUtf8.GetString(ReadEntry(archive, fileName, ConfigEntry, ArchitectureReader.MaxBytes, required: true)!);
            var version = ReadVersion(ReadEntry(archive, fileName, MetadataEntry, MaxMetadataBytes, required: false), fileName);
            using var weightsStream = new MemoryStream(ReadEntry(archive, fileName, WeightsEntry, MaxWeightsBytes, required: true)!, writable: false);
            var weights = Hdf5WeightReader.Read(weightsStream, $"{fileName}/{WeightsEntry}");
            return weights with { FileName = fileName, ModelConfigJson = config, KerasVersion = weights.KerasVersion ?? version };
        }
        catch (InvalidDataException ex)
        {
            throw new ModelFormatException(fileName, $"the archive is damaged: {ex.Message}", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ModelFormatException(fileName, $"{ConfigEntry} is not UTF-8 text.", ex);
        }
    }

    private static byte[]? ReadEntry(ZipArchive archive, string fileName, string name, long maxBytes, bool required)
    {
        var matches = archive.Entries.Where(e => e.FullName == name).ToList();
        if (matches.Count != 1)
        {
            return matches.Count == 0 && !required ? null : throw new ModelFormatException(fileName, matches.Count == 0
                ? $"the archive has no '{name}' entry (a Keras 3 archive holds {ConfigEntry}, {WeightsEntry} and {MetadataEntry})."
                : $"the archive has {matches.Count} entries named '{name}'.");
        }

        var entry = matches[0];
        var declared = entry.Length;
        if (declared > maxBytes || declared > Array.MaxLength)
        {
            throw new ModelFormatException(fileName, $"entry '{name}' declares {declared} bytes; the limit is {Math.Min(maxBytes, Array.MaxLength)}.");
        }

        // Deflate never grows data beyond zlib's compressBound (n + n/4096 + n/16384 + 13): more compressed bytes than
        // that means the declared size is a lie (a zip bomb or a damaged header).
        if (entry.CompressedLength > declared + (declared >> 12) + (declared >> 14) + 64)
        {
            throw new ModelFormatException(fileName, $"entry '{name}' declares {declared} bytes but stores {entry.CompressedLength} compressed bytes (a zip bomb or a damaged archive).");
        }

        var buffer = new byte[declared];
        using var content = entry.Open();
        var read = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < declared)
        {
            throw new ModelFormatException(fileName, $"entry '{name}' declares {declared} bytes but holds only {read}.");
        }

        Span<byte> probe = stackalloc byte[1];
        return content.Read(probe) == 0 ? buffer
            : throw new ModelFormatException(fileName, $"entry '{name}' holds more than the {declared} bytes it declares (a zip bomb or a damaged archive).");
    }

    private static string? ReadVersion(byte[]? metadata, string fileName)
    {
        if (metadata is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("keras_version", out var version)
                && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
        }
        catch (JsonException ex)
        {
            throw new ModelFormatException(fileName, $"{MetadataEntry} is not JSON: {ex.Message}", ex);
        }
    }
}
