using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// With <c>Models:EagerLoad</c> every model folder is loaded at start and readiness waits for them: a folder that cannot
/// load keeps <c>/health/ready</c> at 503 (naming it), good folders make it 200 once loaded; liveness is 200 throughout.
/// </summary>
public sealed class EagerLoadReadinessTests : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    private readonly string _root = Directory.CreateTempSubdirectory("nlp-eager-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_fails_and_names_the_model_that_cannot_load()
    {
        CopyFixture("broken_truncated_h5");
        CopyFixture("count_yaml_sigmoid");
        using var factory = Eager();
        var client = factory.CreateClient();

        // Wait until the broken folder's eager load has failed (before that it may be reported as loading).
        var clock = Stopwatch.StartNew();
        JsonElement models;
        while (true)
        {
            await AssertLiveAsync(client);
            models = await Json.ReadAsync(await client.GetAsync("/v1/models", Ct));
            if (State(models, "broken_truncated_h5") == "Failed" && State(models, "count_yaml_sigmoid") == "Available")
            {
                break;
            }

            Assert.True(clock.Elapsed < MaxWait, $"eager loads did not finish within {MaxWait.TotalSeconds} s: {models}");
            await Task.Delay(100, Ct);
        }

        // It stays not ready: the broken folder never loads (several scans later, still 503).
        for (var i = 0; i < 3; i++)
        {
            var ready = await client.GetAsync("/health/ready", Ct);
            var body = await ready.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var check = JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("models");
            Assert.Equal("Unhealthy", check.GetProperty("status").GetString());
            var description = check.GetProperty("description").GetString();
            Assert.Contains("broken_truncated_h5", description, StringComparison.Ordinal);
            Assert.DoesNotContain("count_yaml_sigmoid", description, StringComparison.Ordinal);
            await AssertLiveAsync(client);
            await Task.Delay(500, Ct);
        }
    }

    [Fact]
    public async Task Ready_succeeds_once_every_good_model_has_loaded()
    {
        CopyFixture("count_yaml_sigmoid");
        CopyFixture("freq_activation_layers");
        using var factory = Eager();
        var client = factory.CreateClient();

        var clock = Stopwatch.StartNew();
        HttpResponseMessage ready;
        while ((ready = await client.GetAsync("/health/ready", Ct)).StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            await AssertLiveAsync(client);
            Assert.True(clock.Elapsed < MaxWait, $"not ready within {MaxWait.TotalSeconds} s: {await ready.Content.ReadAsStringAsync(Ct)}");
            await Task.Delay(100, Ct);
        }

        await AssertLiveAsync(client);

        // Loaded by the eager start, not by a request: no prediction was made.
        var models = await Json.ReadAsync(await client.GetAsync("/v1/models", Ct));
        Assert.Equal("Available", State(models, "count_yaml_sigmoid"));
        Assert.Equal("Available", State(models, "freq_activation_layers"));
    }

    private ApiFactory Eager() => new()
    {
        ModelsPath = _root,
        Settings = new Dictionary<string, string?>
        {
            ["Models:EagerLoad"] = "true",
            ["Models:ScanInterval"] = "00:00:01",
        },
    };

    private void CopyFixture(string name)
    {
        var target = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(ApiFactory.FixtureModels, name)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    private static async Task AssertLiveAsync(HttpClient client) =>
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", Ct)).StatusCode);

    private static string? State(JsonElement list, string model) =>
        list.GetProperty("models").EnumerateArray()
            .Where(m => m.GetProperty("identifier").GetString() == model)
            .Select(m => m.GetProperty("state").GetString())
            .SingleOrDefault();

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
