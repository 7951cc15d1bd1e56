using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Api.IntegrationTests.Infrastructure;
using OpenIddict.Server;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary>
/// <c>/auth/*</c> runs only the token validation's request step: the co-hosted authorization server's request
/// dispatch, which every other authenticated path still runs, is not paid by bearer-token predictions.
/// </summary>
public sealed class BearerOnlyAuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Model = "count_yaml_sigmoid";

    [Fact]
    public async Task Bearer_predictions_skip_the_authorization_servers_request_dispatch_that_other_paths_run()
    {
        var dispatches = 0;
        using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddOpenIddict().AddServer(server => server.AddEventHandler<OpenIddictServerEvents.ProcessRequestContext>(handler => handler
                .UseInlineHandler(_ =>
                {
                    Interlocked.Increment(ref dispatches);
                    return default;
                })
                .SetOrder(int.MinValue)))));
        using var client = app.CreateClient();
        var token = await OAuth.AccessTokenAsync(client, TestClients.Pega);
        Assert.True(Volatile.Read(ref dispatches) > 0, "the token endpoint's request was not seen: the probe is not wired");

        var before = Volatile.Read(ref dispatches);
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello there", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var refused = await client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello there", "garbage")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(before, Volatile.Read(ref dispatches));
        using var login = await client.GetAsync("/login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(Volatile.Read(ref dispatches) > before, "the admin page's request did not reach the server's dispatch");
    }
}
