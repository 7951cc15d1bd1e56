using System.Text.Json.Serialization;

namespace Nlp.Api.Contracts;

/// <summary>Source-generated (de)serialisation of the wire types: no reflection on the request path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(PredictRequest))]
[JsonSerializable(typeof(PredictBatchRequest))]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(PredictBatchResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
