using System.Text.Json.Serialization;

namespace Nlp.Api.WarmUp;

/// <summary>The warm-up request body's serializer (source-generated, like the wire types').</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class WarmUpJsonContext : JsonSerializerContext;
