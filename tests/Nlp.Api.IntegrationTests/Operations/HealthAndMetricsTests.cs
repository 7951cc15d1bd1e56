using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Operations;

/// <summary>Kubernetes probes and the Prometheus scrape endpoint (read alone: <see cref="MetricsReadAlone"/>).</summary>
[Collection(MetricsReadAlone.Name)]
public sealed class HealthAndMetricsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Live_and_ready_answer_200_with_the_checks_named()
    {
        var client = factory.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var checks = (await Json.ReadAsync(ready)).GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("models").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("identity-store").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_fails_when_the_models_root_is_missing()
    {
        using var broken = new ApiFactory { ModelsPath = Path.Combine(Path.GetTempPath(), "nlp-no-such-root-" + Guid.NewGuid().ToString("N")) };

        var ready = await broken.CreateClient().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_expose_the_prediction_inference_and_model_load_series()
    {
        var client = factory.CreateClient();
        await client.PostAsync("/noauth/predict", Json.Predict("count_yaml_sigmoid", "hello there"));
        await client.PostAsync("/noauth/predict", Json.Predict("no_such_model", "hello there"));
        await client.PostAsync("/v1/models/count_yaml_sigmoid:predict", Json.Body("{\"instances\":[\"a\",\"b\",\"c\"]}"));

        var text = await client.GetStringAsync("/metrics");

        Assert.Contains("nlp_prediction_requests_total{", text, StringComparison.Ordinal);
        Assert.Matches("nlp_prediction_requests_total\\{[^}]*model=\"count_yaml_sigmoid\"[^}]*status=\"200\"", text);
        Assert.Matches("nlp_prediction_requests_total\\{[^}]*model=\"\\(unknown\\)\"[^}]*status=\"404\"", text);
        Assert.Contains("nlp_prediction_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("nlp_inference_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("nlp_prediction_batch_size_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("nlp_model_loads_total{", text, StringComparison.Ordinal);
        Assert.Matches("nlp_models_loaded(_ratio)?({[^}]*})? [1-9]", text);
        Assert.Matches("nlp_models_weights_mapped_bytes({[^}]*})? [0-9]", text); // the fixtures are small: 0 here
        Assert.Contains("nlp_model_load_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
    }
}
