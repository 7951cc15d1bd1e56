using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Prediction;

/// <summary>The error rows of CONTRACT.md section 2 that need no model: every one answers problem details.</summary>
public sealed class RequestErrorTests : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client;

    public RequestErrorTests(ApiFactory factory) => _client = factory.CreateClient();

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a\\b")]
    [InlineData("naïve")]
    public async Task Invalid_model_identifier_is_400_with_errors(string identifier)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict(identifier, "hello"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty("modelIdentifier", out _));
    }

    [Fact]
    public async Task Identifier_of_200_characters_is_400()
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict(new string('a', 200), "hello"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{\"modelIdentifier\":\"m\"}")]
    [InlineData("{\"modelIdentifier\":\"m\",\"text\":\"\"}")]
    [InlineData("{\"modelIdentifier\":\"m\",\"text\":\"  \\t \"}")]
    [InlineData("{\"modelIdentifier\":\"m\",\"text\":null}")]
    public async Task Missing_or_blank_text_is_400_naming_text(string json)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Body(json));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"modelIdentifier\": \"m\", ")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("{\"modelIdentifier\": 5, \"text\": \"x\"}")]
    public async Task Body_that_is_not_a_json_object_is_400(string json)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Body(json));

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Text_longer_than_the_limit_is_400()
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict("m", new string('x', 100_001)));

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Body_larger_than_one_MiB_is_413()
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict("m", new string('x', 1_100_000)));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Unsupported_content_type_is_415(string contentType)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Body("{\"modelIdentifier\":\"m\",\"text\":\"x\"}", contentType));

        await AssertProblem(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/problem+json")]
    public async Task Json_like_or_missing_content_type_reaches_validation(string? contentType)
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Body("{\"modelIdentifier\":\"m\",\"text\":\"\"}", contentType));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task Unknown_model_is_404()
    {
        var response = await _client.PostAsync("/noauth/predict", Json.Predict("no_such_model", "hello"));

        await AssertProblem(response, HttpStatusCode.NotFound);
        var body = await Json.ReadAsync(response);
        Assert.Contains("no_such_model", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_without_parameters_is_400()
    {
        var response = await _client.GetAsync("/noauth/predict");

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Query_flag_that_is_not_a_boolean_is_400_naming_it(string method)
    {
        var response = method == "GET"
            ? await _client.GetAsync("/noauth/predict?modelIdentifier=m&text=hi&includeAllTopics=maybe")
            : await _client.PostAsync("/noauth/predict?includeAllTopics=maybe", Json.Predict("m", "hello"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var body = await Json.ReadAsync(response);
        Assert.Contains("includeAllTopics", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_without_instances_is_400()
    {
        var response = await _client.PostAsync("/v1/models/m:predict", Json.Body("{}"));

        await AssertProblem(response, HttpStatusCode.BadRequest);
        var body = await Json.ReadAsync(response);
        Assert.True(body.GetProperty("errors").TryGetProperty("instances", out _));
    }

    internal static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await Json.ReadAsync(response);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("traceId").GetString()));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", raw, StringComparison.Ordinal);
    }
}
