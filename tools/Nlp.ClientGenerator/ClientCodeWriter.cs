using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Nlp.ClientGenerator;

/// <summary>
/// Generates the typed NlpInference client from an OpenAPI document with NSwag: one class and its interface, method
/// names from the operation ids, System.Text.Json, and <c>ApiException&lt;ProblemDetails&gt;</c> for declared errors.
/// Usage: <c>Nlp.ClientGenerator &lt;openapi.json&gt; &lt;output.cs&gt; &lt;namespace&gt; &lt;class name&gt;</c>.
/// </summary>
internal static class ClientCodeWriter
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 4)
        {
            await Console.Error.WriteLineAsync("usage: Nlp.ClientGenerator <openapi.json> <output.cs> <namespace> <class name>");
            return 2;
        }

        var (input, output, ns, className) = (args[0], args[1], args[2], args[3]);
        var document = await OpenApiDocument.FromFileAsync(input);
        var code = new CSharpClientGenerator(document, Settings(ns, className)).GenerateFile();

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, code);
        Console.WriteLine($"Nlp.ClientGenerator: {className} from {input} -> {output}");
        return 0;
    }

    private static CSharpClientGeneratorSettings Settings(string ns, string className)
    {
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = className,
            GenerateClientInterfaces = true,
            GenerateExceptionClasses = true,
            ExceptionClass = "ApiException",
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
            GenerateOptionalParameters = true,
            // The caller's HttpClient carries the address (HttpClient.BaseAddress) and its handlers (tokens, resilience).
            InjectHttpClient = true,
            DisposeHttpClient = false,
            UseBaseUrl = false,
            GenerateBaseUrlProperty = false,
            GenerateSyncMethods = false,
            ParameterArrayType = "System.Collections.Generic.IEnumerable",
            ResponseArrayType = "System.Collections.Generic.IList",
        };
        var types = settings.CSharpGeneratorSettings;
        types.Namespace = ns;
        types.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        types.ClassStyle = CSharpClassStyle.Poco;
        types.GenerateNullableReferenceTypes = true;
        types.ArrayType = "System.Collections.Generic.IList";
        types.ArrayInstanceType = "System.Collections.Generic.List";
        types.ArrayBaseType = "System.Collections.Generic.List";
        types.DictionaryType = "System.Collections.Generic.IDictionary";
        types.DictionaryInstanceType = "System.Collections.Generic.Dictionary";
        types.DictionaryBaseType = "System.Collections.Generic.Dictionary";
        return settings;
    }
}
