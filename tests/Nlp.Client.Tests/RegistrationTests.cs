using Microsoft.Extensions.DependencyInjection;
using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary><c>AddNlpInferenceClient</c>: the typed client from <c>IHttpClientFactory</c>, with or without tokens.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private FakeAuthorizationServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeAuthorizationServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_registered_client_gets_a_token_and_calls_the_protected_API()
    {
        await using var services = new ServiceCollection()
            .AddNlpInferenceClient(_server.BaseAddress, o => o.ClientCredentials = Credentials())
            .Services.BuildServiceProvider();
        var client = services.GetRequiredService<INlpInferenceClient>();

        var first = await client.ListModelsAsync(TestContext.Current.CancellationToken);
        var second = await services.GetRequiredService<INlpInferenceClient>().ListModelsAsync(TestContext.Current.CancellationToken);

        Assert.Equal("fake_model", Assert.Single(first.Models).Identifier);
        Assert.Equal(ModelState.Available, Assert.Single(second.Models).State);
        Assert.Equal(1, _server.TokenRequests); // the token outlives the typed-client instances
    }

    [Fact]
    public async Task Without_credentials_no_token_is_sent_and_the_401_problem_is_readable()
    {
        await using var services = new ServiceCollection()
            .AddNlpInferenceClient(_server.BaseAddress)
            .Services.BuildServiceProvider();

        var e = await Assert.ThrowsAsync<ApiException>(() =>
            services.GetRequiredService<INlpInferenceClient>().ListModelsAsync(TestContext.Current.CancellationToken));

        Assert.Equal(401, e.StatusCode);
        Assert.Equal(0, _server.TokenRequests);
        var problem = e.GetProblemDetails();
        Assert.NotNull(problem);
        Assert.Equal(401, problem.Status);
        Assert.Contains("expired or revoked", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_address_with_a_path_prefix_keeps_the_prefix()
    {
        var requested = new List<Uri>();
        await using var services = new ServiceCollection()
            .AddNlpInferenceClient(new Uri("http://nlp.example.test/prefix"))
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(requested))
            .Services.BuildServiceProvider();

        await services.GetRequiredService<INlpInferenceClient>().ListModelsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new Uri("http://nlp.example.test/prefix/v1/models"), Assert.Single(requested));
    }

    [Fact]
    public void Incomplete_credentials_are_refused_at_registration()
    {
        var services = new ServiceCollection();

        Assert.Throws<InvalidOperationException>(() => services.AddNlpInferenceClient(
            _server.BaseAddress, o => o.ClientCredentials = new ClientCredentialsOptions { TokenEndpoint = _server.TokenEndpoint }));
    }

    private ClientCredentialsOptions Credentials() => new()
    {
        TokenEndpoint = _server.TokenEndpoint,
        ClientId = FakeAuthorizationServer.ClientId,
        ClientSecret = FakeAuthorizationServer.ClientSecret,
        Scope = "profile",
    };

    private sealed class RecordingHandler(List<Uri> requested) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requested.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("{\"models\":[]}", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
