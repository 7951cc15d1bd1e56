using System.Net;
using System.Text.Json;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.OpenApi;

/// <summary>CONTRACT.md section 3: what Pega's service discovery and NSwag clients import.</summary>
public sealed class OpenApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/api/docs")]
    [InlineData("/swagger.json")]
    public async Task Swagger_2_document_answers_200_with_the_predict_operations(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Json.ReadAsync(response);
        Assert.Equal("2.0", doc.GetProperty("swagger").GetString());
        var paths = doc.GetProperty("paths");
        Assert.True(paths.GetProperty("/noauth/predict").TryGetProperty("post", out var post));
        Assert.True(paths.GetProperty("/noauth/predict").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/v1/models/{modelIdentifier}:predict").TryGetProperty("post", out _));

        var body = post.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("in").GetString() == "body");
        var schemaName = body.GetProperty("schema").GetProperty("$ref").GetString()!.Split('/')[^1];
        var schema = doc.GetProperty("definitions").GetProperty(schemaName);
        Assert.Equal(["modelIdentifier", "text"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
        Assert.Equal(["modelIdentifier", "text"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(post.GetProperty("responses").GetProperty("200").TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task Operation_ids_are_distinct()
    {
        var doc = await Json.ReadAsync(await factory.CreateClient().GetAsync("/api/docs"));
        var ids = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject())
            .Select(o => o.Value.GetProperty("operationId").GetString())
            .ToList();

        Assert.True(ids.Count >= 3);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task OpenApi_3_twin_is_served()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Json.ReadAsync(response);
        Assert.StartsWith("3.0.", doc.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.True(doc.GetProperty("paths").TryGetProperty("/noauth/predict", out _));
    }

    [Fact]
    public async Task Swagger_ui_is_at_doc()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = true });

        var response = await client.GetAsync("/doc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Paths_follow_the_reverse_proxy_prefix()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/docs");
        request.Headers.Add("X-Forwarded-Prefix", "/nlp");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "pega.example.com");

        var doc = await Json.ReadAsync(await factory.CreateClient().SendAsync(request));

        Assert.Equal("/nlp", doc.GetProperty("basePath").GetString());
        Assert.Equal("pega.example.com", doc.GetProperty("host").GetString());
        Assert.Equal(["https"], doc.GetProperty("schemes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Auth_operations_declare_the_client_credentials_scheme()
    {
        var doc = await Json.ReadAsync(await factory.CreateClient().GetAsync("/api/docs"));

        var scheme = doc.GetProperty("securityDefinitions").GetProperty("oauth2");
        Assert.Equal("oauth2", scheme.GetProperty("type").GetString());
        Assert.Equal("application", scheme.GetProperty("flow").GetString());
        Assert.EndsWith("/oauth/token", scheme.GetProperty("tokenUrl").GetString(), StringComparison.Ordinal);
        Assert.True(scheme.GetProperty("scopes").TryGetProperty("profile", out _));
        var paths = doc.GetProperty("paths");
        Assert.True(paths.GetProperty("/auth/predict").GetProperty("post").TryGetProperty("security", out var security));
        Assert.Equal("profile", security[0].GetProperty("oauth2")[0].GetString());
        Assert.True(paths.TryGetProperty("/auth/v1/models/{modelIdentifier}:predict", out _));
        Assert.False(paths.GetProperty("/noauth/predict").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task OpenApi_3_declares_a_client_credentials_flow()
    {
        var doc = await Json.ReadAsync(await factory.CreateClient().GetAsync("/openapi/v1.json"));

        var flow = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("oauth2").GetProperty("flows").GetProperty("clientCredentials");
        Assert.StartsWith("http", flow.GetProperty("tokenUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documents_list_no_html_pages()
    {
        var raw = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(raw);

        Assert.DoesNotContain(doc.RootElement.GetProperty("paths").EnumerateObject(), p => p.Name is "/login" or "/create_client" or "/doc");
    }
}
