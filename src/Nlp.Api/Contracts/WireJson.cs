using System.Text.Json;
using Nlp.Api.Formatting;

namespace Nlp.Api.Contracts;

/// <summary>The serializer settings of every wire answer: source-generated types, Python-style escaping.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(ApiJsonContext.Default.Options)
    {
        Encoder = PythonStyleJsonEncoder.Instance,
    };

    public static IResult Result<T>(T value) => TypedResults.Json(value, Options, "application/json");
}
