using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>
/// Failures reach .NET callers as the generated <c>ApiException&lt;ProblemDetails&gt;</c> (and
/// <c>ApiException&lt;HttpValidationProblemDetails&gt;</c> for 400) carrying the status and the RFC 9457 body.
/// </summary>
public sealed class ErrorMappingTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string UnknownModel = "no_such_model";

    [Fact]
    public async Task Predict_POST_for_an_unknown_model_throws_the_404_problem()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = UnknownModel, Text = "hi there" }, cancellationToken: TestContext.Current.CancellationToken));

        AssertNotFoundProblem(e, "/noauth/predict");
    }

    [Fact]
    public async Task Predict_GET_for_an_unknown_model_throws_the_404_problem()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.NoAuthPredictGetAsync(UnknownModel, "hi there", cancellationToken: TestContext.Current.CancellationToken));

        AssertNotFoundProblem(e, "/noauth/predict");
    }

    [Fact]
    public async Task Empty_text_throws_the_validation_problem_with_errors()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = UnknownModel, Text = "  " }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, e.StatusCode);
        Assert.Equal(400, e.Result.Status);
        var messages = Assert.Contains("text", e.Result.Errors!);
        Assert.NotEmpty(messages);
        Assert.Same(e.Result, e.GetProblemDetails());
    }

    [Fact]
    public async Task Predict_GET_without_parameters_throws_the_validation_problem_for_both_fields()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            client.NoAuthPredictGetAsync(cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("text", e.Result.Errors!);
        Assert.Contains("modelIdentifier", e.Result.Errors!);
    }

    [Fact]
    public async Task Batch_without_instances_throws_the_validation_problem()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            client.NoAuthPredictBatchAsync(UnknownModel, new PredictBatchRequest { Instances = [] }, TestContext.Current.CancellationToken));

        Assert.Equal(400, e.StatusCode);
        Assert.NotEmpty(Assert.Contains("instances", e.Result.Errors!));
    }

    [Fact]
    public async Task Batch_for_an_unknown_model_throws_the_404_problem()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.NoAuthPredictBatchAsync(UnknownModel, new PredictBatchRequest { Instances = ["one", "two"] }, TestContext.Current.CancellationToken));

        AssertNotFoundProblem(e, $"/v1/models/{UnknownModel}:predict");
    }

    [Fact]
    public async Task A_model_folder_that_cannot_load_throws_the_500_problem_naming_the_model()
    {
        var client = api.CreateNlpClient();

        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            client.NoAuthPredictAsync(new PredictBody { ModelIdentifier = ApiFactory.EmptyModel, Text = "hi" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(500, e.StatusCode);
        Assert.Equal(500, e.Result.Status);
        Assert.Contains($"'{ApiFactory.EmptyModel}'", e.Result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(api.ModelsPath, e.Response ?? string.Empty, StringComparison.Ordinal);
    }

    private static void AssertNotFoundProblem(ApiException<ProblemDetails> e, string instance)
    {
        Assert.Equal(404, e.StatusCode);
        Assert.Equal(404, e.Result.Status);
        Assert.Equal("Model not found.", e.Result.Title);
        Assert.Contains(UnknownModel, e.Result.Detail, StringComparison.Ordinal);
        Assert.Equal(instance, e.Result.Instance);
        Assert.True(e.Result.AdditionalProperties.ContainsKey("traceId"), "the problem carries the trace id");
        Assert.StartsWith("application/problem+json", e.Headers["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Same(e.Result, e.GetProblemDetails());
    }
}
