using System.Text.Encodings.Web;
using System.Text.Json.Serialization.Metadata;
using Nlp.Api.Formatting;

namespace Nlp.Api.Contracts;

/// <summary>The serializer settings of every wire answer: source-generated types, Python-style escaping.</summary>
internal static class WireJson
{
    /// <summary>
    /// How strings are escaped, as Python's <c>json.dumps</c> does. It is the writer's setting (the serializer writes
    /// every string through the writer it is given), so the contracts can stay those of <see cref="ApiJsonContext"/>'s
    /// own options, whose source-generated writers run without the serializer's per-call state.
    /// </summary>
    public static JavaScriptEncoder Encoder => PythonStyleJsonEncoder.Instance;

    /// <summary>A 200 answer of <paramref name="value"/> as <c>application/json</c>, with its length.</summary>
    public static IResult Result<T>(T value) => new WireJsonResult<T>(value, TypeInfo<T>.Value);

    /// <summary>The serializer contract of <typeparamref name="T"/>, looked up once.</summary>
    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)ApiJsonContext.Default.GetTypeInfo(typeof(T))!;
    }
}
