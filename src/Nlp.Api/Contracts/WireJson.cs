using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nlp.Api.Formatting;

namespace Nlp.Api.Contracts;

/// <summary>The serializer settings of every wire answer: source-generated types, Python-style escaping.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(ApiJsonContext.Default.Options)
    {
        Encoder = PythonStyleJsonEncoder.Instance,
    };

    /// <summary>A 200 answer of <paramref name="value"/> as <c>application/json</c>, with its length.</summary>
    public static IResult Result<T>(T value) => new WireJsonResult<T>(value, TypeInfo<T>.Value);

    /// <summary>The serializer contract of <typeparamref name="T"/> under <see cref="Options"/>, looked up once.</summary>
    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
