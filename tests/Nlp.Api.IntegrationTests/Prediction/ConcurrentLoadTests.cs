using System.Diagnostics.Metrics;
using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>Many parallel first requests for one model load it once and all succeed.</summary>
public sealed class ConcurrentLoadTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-concurrency-").FullName;
    private readonly string _model = "concurrent_" + Guid.NewGuid().ToString("N")[..8];

    public ConcurrentLoadTests()
    {
        var source = Path.Combine(ApiFactory.FixtureModels, "count_yaml_sigmoid");
        var target = Directory.CreateDirectory(Path.Combine(_root, _model)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task Parallel_first_requests_load_the_model_once()
    {
        var loads = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "nlp.model.loads")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "model" && (string?)tag.Value == _model)
                {
                    Interlocked.Add(ref loads, (int)value);
                }
            }
        });
        listener.Start();
        using var factory = new ApiFactory { ModelsPath = _root };
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 64)
            .Select(i => client.PostAsync("/noauth/predict", Json.Predict(_model, $"hello number {i}"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, loads);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
