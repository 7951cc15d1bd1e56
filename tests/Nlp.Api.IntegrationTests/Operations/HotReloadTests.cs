using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>
/// Files of a served model folder change while the Api runs (file watching plus a short periodic scan): new weights are
/// served once they load, a corrupt replacement never replaces the serving version (and is tried once, not on every
/// scan), a deleted folder stops being served. Expected scores: Fixtures/reload/expected_v2.json (numpy reference).
/// </summary>
public sealed class HotReloadTests : IDisposable
{
    private const string Model = "reloadable";
    private const double Tolerance = 1e-5;
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(15);

    private readonly string _root = Directory.CreateTempSubdirectory("nlp-reload-").FullName;
    private readonly string _staging = Directory.CreateTempSubdirectory("nlp-reload-staging-").FullName;
    private readonly string _folder;
    private readonly ApiFactory _factory;
    private readonly HttpClient _client;

    public HotReloadTests()
    {
        _folder = Directory.CreateDirectory(Path.Combine(_root, Model)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(ApiFactory.FixtureModels, "count_yaml_sigmoid")))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }

        _factory = new ApiFactory
        {
            ModelsPath = _root,
            Settings = new Dictionary<string, string?>
            {
                ["Models:ScanInterval"] = ScanInterval.ToString(),
                ["Models:ReloadDebounce"] = "00:00:00.200",
            },
        };
        _client = _factory.CreateClient();
    }

    private static string ReloadFixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "reload");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replaced_weights_are_served_after_the_swap()
    {
        await AssertServesAsync("v1");
        Assert.Equal(1, (await StatusAsync()).GetProperty("version").GetInt32());

        ReplaceWeightsAtomically(File.ReadAllBytes(Path.Combine(ReloadFixtures, "weights_v2.h5")));

        await WaitUntilAsync(async () => await ServesAsync("v2"), "the v2 answers");
        await AssertServesAsync("v2");
        var status = await StatusAsync();
        Assert.Equal("Available", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("version").GetInt32() >= 2, status.ToString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastError").ValueKind);
    }

    [Fact]
    public async Task A_corrupt_replacement_keeps_the_previous_version_serving()
    {
        var v2 = File.ReadAllBytes(Path.Combine(ReloadFixtures, "weights_v2.h5"));
        await AssertServesAsync("v1");
        ReplaceWeightsAtomically(v2);
        await WaitUntilAsync(async () => await ServesAsync("v2"), "the v2 answers");
        var version = (await StatusAsync()).GetProperty("version").GetInt32();

        // Written in place (not atomically) and cut to half its bytes: what a crashed copy leaves behind.
        await File.WriteAllBytesAsync(Path.Combine(_folder, "weights.h5"), v2[..(v2.Length / 2)], Ct);

        await WaitUntilAsync(async () => (await StatusAsync()).GetProperty("lastError").ValueKind == JsonValueKind.String, "a lastError");
        var failed = await StatusAsync();
        Assert.Equal("Available", failed.GetProperty("state").GetString());
        Assert.Equal(version, failed.GetProperty("version").GetInt32());
        Assert.Contains("weights.h5", failed.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        await AssertServesAsync("v2");

        // Unchanged broken files are not reloaded on every scan: the failure stays the one recorded.
        await Task.Delay(ScanInterval * 3, Ct);
        var later = await StatusAsync();
        Assert.Equal(failed.GetProperty("lastErrorAt").GetString(), later.GetProperty("lastErrorAt").GetString());
        await AssertServesAsync("v2");

        ReplaceWeightsAtomically(v2);
        await WaitUntilAsync(async () => (await StatusAsync()).GetProperty("version").GetInt32() > version, "a new version");
        var restored = await StatusAsync();
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("lastError").ValueKind);
        await AssertServesAsync("v2");
    }

    [Fact]
    public async Task A_deleted_folder_is_no_longer_served()
    {
        await AssertServesAsync("v1");

        Directory.Delete(_folder, recursive: true);

        await WaitUntilAsync(async () => (await PredictAsync(Probes()[0].Text)).StatusCode == HttpStatusCode.NotFound, "404 from predict");
        var response = await _client.GetAsync($"/v1/models/{Model}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var list = await Json.ReadAsync(await _client.GetAsync("/v1/models", Ct));
        Assert.DoesNotContain(list.GetProperty("models").EnumerateArray(), m => m.GetProperty("identifier").GetString() == Model);
    }

    /// <summary>Written beside the folder (same file system) and renamed over weights.h5: readers see old or new.</summary>
    private void ReplaceWeightsAtomically(byte[] bytes)
    {
        var staged = Path.Combine(_staging, $"weights-{Guid.NewGuid():N}.h5");
        File.WriteAllBytes(staged, bytes);
        File.Move(staged, Path.Combine(_folder, "weights.h5"), overwrite: true);
    }

    private async Task AssertServesAsync(string version)
    {
        foreach (var probe in Probes())
        {
            var response = await PredictAsync(probe.Text);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var served = Topics(await Json.ReadAsync(response));
            var expected = version == "v1" ? probe.V1 : probe.V2;
            Assert.Equal(expected.Keys.Order(), served.Keys.Order());
            foreach (var (label, score) in expected)
            {
                Assert.True(Math.Abs(served[label] - score) <= Tolerance, $"{version} '{probe.Text}' {label}: served {served[label]}, reference {score}");
            }
        }
    }

    private async Task<bool> ServesAsync(string version)
    {
        foreach (var probe in Probes())
        {
            var response = await PredictAsync(probe.Text);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var served = Topics(await Json.ReadAsync(response));
            var expected = version == "v1" ? probe.V1 : probe.V2;
            if (expected.Any(e => Math.Abs(served[e.Key] - e.Value) > Tolerance))
            {
                return false;
            }
        }

        return true;
    }

    private Task<HttpResponseMessage> PredictAsync(string text) =>
        _client.PostAsync("/noauth/predict", Json.Body(JsonSerializer.Serialize(new { modelIdentifier = Model, text, includeAllTopics = true })), Ct);

    private async Task<JsonElement> StatusAsync()
    {
        var response = await _client.GetAsync($"/v1/models/{Model}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadAsync(response);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < MaxWait, $"{what} did not come within {MaxWait.TotalSeconds} s");
            await Task.Delay(100, Ct);
        }
    }

    private static Dictionary<string, double> Topics(JsonElement answer) =>
        answer.GetProperty("topics").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("score").GetDouble());

    private static List<(string Text, Dictionary<string, double> V1, Dictionary<string, double> V2)> Probes()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReloadFixtures, "expected_v2.json")));
        static Dictionary<string, double> Scores(JsonElement e) =>
            e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        return [.. document.RootElement.GetProperty("probes").EnumerateArray()
            .Select(p => (p.GetProperty("text").GetString()!, Scores(p.GetProperty("v1")), Scores(p.GetProperty("v2"))))];
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
        Directory.Delete(_staging, recursive: true);
        Directory.Delete(_root, recursive: true);
    }
}
