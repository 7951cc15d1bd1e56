using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Nlp.Api.IntegrationTests.Infrastructure;
using Nlp.Api.WarmUp;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// <c>WarmUp:Duration</c>: on a real Kestrel server, readiness waits until the service has predicted with its loaded
/// models through its own HTTP address for that long; those requests stay out of the request metrics, a caller's
/// requests (with or without the header) do not. Off by default; a service without a plain-HTTP address or without
/// loaded models skips it and still becomes ready.
/// </summary>
[Collection(MetricsReadAlone.Name)]
public sealed partial class WarmUpTests : IDisposable
{
    private const string Model = "warm_up_probe";
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-warm-up-").FullName;

    public WarmUpTests() => ModelFolders.CopyFixture(_root, Model, "count_yaml_sigmoid");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_waits_for_the_warm_up_whose_requests_stay_out_of_the_request_metrics()
    {
        var duration = TimeSpan.FromSeconds(1.5);
        var errors = new ErrorLog();
        using var settings = Factory(("Models:EagerLoad", "true"), ("WarmUp:Duration", "00:00:01.5"));
        using var factory = settings.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(errors)));
        factory.UseKestrel(0);
        var clock = Stopwatch.StartNew();
        factory.StartServer();
        var client = factory.CreateClient();

        var (answers, ready) = await ReadinessUntilReadyAsync(client);

        // Seen warming up (503) with the model already serving, and ready no sooner than the warm-up's length; a start
        // logs no error for the probes it answered while warming up.
        Assert.Contains(answers, a => Check(a, "warm-up").Status == "Degraded" && Check(a, "models").Status == "Healthy");
        Assert.True(errors.Messages.Count == 0, string.Join("\n", errors.Messages));
        Assert.True(clock.Elapsed >= duration, $"ready after {clock.Elapsed.TotalSeconds:F2} s");
        var summary = Check(ready, "warm-up").Description;
        var sent = int.Parse(SummaryCount().Match(summary ?? "").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(sent > 0, summary);
        Assert.Contains("to 1 model(s) through http://127.0.0.1:", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", summary, StringComparison.Ordinal);

        // None of the warm-up's requests counted; a caller's two are, the header with the (now spent) secret or not.
        var before = await client.GetStringAsync("/metrics", Ct);
        Assert.DoesNotMatch($"nlp_prediction_requests_total\\{{[^}}]*model=\"{Model}\"", before);
        Assert.DoesNotMatch("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/noauth/predict\"", before);
        var secret = factory.Services.GetRequiredService<WarmUpState>().Secret;
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Predict(), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Predict(secret), Ct)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // past the exporter's cached scrape (300 ms)
        var after = await client.GetStringAsync("/metrics", Ct);
        Assert.Matches($"nlp_prediction_requests_total\\{{[^}}]*model=\"{Model}\"[^}}]*\\}} 2\\s", after);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/noauth/predict\"[^}]*\\} 2\\s", after);
    }

    [Fact]
    public async Task Off_by_default()
    {
        using var factory = Factory(("Models:EagerLoad", "true"));
        var (_, ready) = await ReadinessUntilReadyAsync(factory.CreateClient());
        Assert.Equal(("Healthy", "Off (WarmUp:Duration is 0)."), Check(ready, "warm-up"));
    }

    [Fact]
    public async Task Without_a_plain_http_address_it_is_skipped_and_the_service_still_becomes_ready()
    {
        using var factory = Factory(("Models:EagerLoad", "true"), ("WarmUp:Duration", "00:00:05")); // the in-memory test server
        var (_, ready) = await ReadinessUntilReadyAsync(factory.CreateClient());
        Assert.StartsWith("Skipped: the server has no plain-HTTP address", Check(ready, "warm-up").Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_eager_loading_there_is_no_model_to_warm()
    {
        using var factory = Factory(("WarmUp:Duration", "00:00:05"));
        factory.UseKestrel(0);
        factory.StartServer();
        var (_, ready) = await ReadinessUntilReadyAsync(factory.CreateClient());
        Assert.StartsWith("Skipped: no model loaded", Check(ready, "warm-up").Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:05:01")]
    [InlineData("-00:00:01")]
    public void A_duration_out_of_range_stops_the_start(string duration) =>
        Assert.Contains("Duration", ApiFactory.StartFailure("WarmUp:Duration", duration).ToString(), StringComparison.Ordinal);

    [Fact]
    public void Only_this_process_secret_marks_a_warm_up_request_and_only_until_the_warm_up_ends()
    {
        var state = new WarmUpState();
        Assert.NotEqual(state.Secret, new WarmUpState().Secret);
        Assert.True(state.IsWarmUpRequest(state.Secret));
        Assert.False(state.IsWarmUpRequest(new WarmUpState().Secret));
        Assert.False(state.IsWarmUpRequest(state.Secret[..^1]));
        Assert.False(state.IsWarmUpRequest(state.Secret + "0"));
        Assert.False(state.IsWarmUpRequest(StringValues.Empty));
        Assert.False(state.IsWarmUpRequest(new StringValues([state.Secret, state.Secret])));
        Assert.False(state.IsWarmUpRequest("é" + state.Secret[1..]));

        state.Finish("done");

        Assert.False(state.IsWarmUpRequest(state.Secret));
    }

    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://*:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[0:0::0]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://[::1]:8080", "http://[::1]:8080/")]
    [InlineData("http://10.1.2.3:8080", "http://10.1.2.3:8080/")]
    [InlineData("https://+:8443|http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("https://+:8443", null)]
    [InlineData("http://unix:/run/nlp.sock", null)]
    [InlineData("not an address", null)]
    [InlineData("", null)]
    public void The_service_reaches_itself_on_its_first_plain_http_address(string addresses, string? expected) =>
        Assert.Equal(expected, WarmUpTarget.From(addresses.Split('|', StringSplitOptions.RemoveEmptyEntries))?.ToString());

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private ApiFactory Factory(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        all["urls"] = "http://127.0.0.1:0";
        return new ApiFactory { ModelsPath = _root, Settings = all };
    }

    private static HttpRequestMessage Predict(string? warmUpHeader = null)
    {
        var request = OAuth.Predict("/noauth/predict", Model, "hello there", bearer: null);
        if (warmUpHeader is not null)
        {
            request.Headers.Add(WarmUpState.HeaderName, warmUpHeader);
        }

        return request;
    }

    private static async Task<(List<JsonElement> Answers, JsonElement Ready)> ReadinessUntilReadyAsync(HttpClient client)
    {
        var answers = new List<JsonElement>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await client.GetAsync("/health/ready", Ct);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (answers, body);
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(clock.Elapsed < MaxWait, $"not ready within {MaxWait.TotalSeconds} s: {body}");
            answers.Add(body);
            await Task.Delay(50, Ct);
        }
    }

    private static (string? Status, string? Description) Check(JsonElement answer, string name)
    {
        var check = answer.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString(),
            check.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null);
    }

    [GeneratedRegex("^([0-9]+) warm-up requests")]
    private static partial Regex SummaryCount();
}
