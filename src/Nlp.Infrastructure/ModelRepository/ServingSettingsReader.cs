using Nlp.Infrastructure.Common;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Reads <c>serving.yaml</c>: unknown keys are errors (a typo must not silently change how a model is served).</summary>
internal static class ServingSettingsReader
{
    public const string FileName = "serving.yaml";
    private const long MaxBytes = 1024 * 1024;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static ServingSettings Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return new ServingSettings();
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new ModelFormatException(FileName, $"the file is larger than {MaxBytes} bytes.");
        }

        try
        {
            return Deserializer.Deserialize<ServingSettings?>(File.ReadAllText(path)) ?? new ServingSettings();
        }
        catch (YamlException e)
        {
            throw new ModelFormatException(FileName, $"line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }
}
