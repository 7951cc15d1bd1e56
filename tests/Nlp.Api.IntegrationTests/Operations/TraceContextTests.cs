using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// Problem details carry the W3C trace id of the request: the caller's own (<c>traceparent</c>) when it sends one, so
/// an error can be found in both systems' logs. This comes from ASP.NET Core's request activity, with no trace
/// pipeline configured.
/// </summary>
public sealed class TraceContextTests : IClassFixture<ApiFactory>
{
    private const string CallerTraceId = "0af7651916cd43dd8448eb211c80319c";
    private readonly HttpClient _client;

    public TraceContextTests(ApiFactory factory) => _client = factory.CreateClient();

    [Fact]
    public async Task A_problem_carries_the_callers_trace_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/noauth/predict") { Content = Json.Predict("../x", "hello") };
        request.Headers.Add("traceparent", $"00-{CallerTraceId}-b7ad6b7169203331-01");

        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        var traceId = (await Json.ReadAsync(response)).GetProperty("traceId").GetString();
        Assert.StartsWith($"00-{CallerTraceId}-", traceId, StringComparison.Ordinal);
        Assert.DoesNotContain("b7ad6b7169203331", traceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_traceparent_the_trace_id_is_a_fresh_w3c_id()
    {
        var first = await TraceIdOf(await _client.PostAsync("/noauth/predict", Json.Predict("../x", "hello"), TestContext.Current.CancellationToken));
        var second = await TraceIdOf(await _client.PostAsync("/noauth/predict", Json.Predict("../x", "hello"), TestContext.Current.CancellationToken));

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", first);
        Assert.NotEqual(first[3..35], second[3..35]);
    }

    private static async Task<string> TraceIdOf(HttpResponseMessage response) =>
        (await Json.ReadAsync(response)).GetProperty("traceId").GetString()!;
}
