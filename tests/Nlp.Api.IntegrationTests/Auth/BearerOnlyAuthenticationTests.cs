using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Nlp.Api.IntegrationTests.Infrastructure;
using OpenIddict.Server;
using OpenIddict.Validation;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary>
/// <c>/auth/*</c> runs no authentication middleware: the co-hosted authorization server's request dispatch, which every
/// other authenticated path still runs, is not paid by bearer-token predictions, and the token validation's request
/// step runs only for a token not already known (and before any refusal, which needs it).
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

    [Fact]
    public async Task A_known_token_is_answered_without_the_validations_request_step_and_refusals_still_answer_as_before()
    {
        var steps = 0;
        using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddOpenIddict().AddValidation(validation => validation.AddEventHandler<OpenIddictValidationEvents.ProcessRequestContext>(handler => handler
                .UseInlineHandler(_ =>
                {
                    Interlocked.Increment(ref steps);
                    return default;
                })
                .SetOrder(int.MinValue)))));
        using var client = app.CreateClient();
        var token = await OAuth.AccessTokenAsync(client, TestClients.Pega);
        var limited = await OAuth.AccessTokenAsync(client, TestClients.Limited);
        var before = Volatile.Read(ref steps);

        for (var i = 0; i < 3; i++)
        {
            using var response = await client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello there", token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(before + 1, Volatile.Read(ref steps));

        // A kept ticket without the required scope: the second refusal comes from the cache, and OpenIddict's forbid
        // still answers it (it needs the request step, which then runs).
        for (var i = 0; i < 2; i++)
        {
            using var forbidden = await client.SendAsync(OAuth.Predict("/auth/predict", Model, "hello there", limited));
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Contains("insufficient_scope", string.Join(" ", forbidden.Headers.WwwAuthenticate), StringComparison.Ordinal);
        }

        using var missing = await client.PostAsync(
            "/auth/predict", JsonContent.Create(new { modelIdentifier = Model, text = "hello" }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Contains("Bearer", string.Join(" ", missing.Headers.WwwAuthenticate), StringComparison.Ordinal);
        Assert.Equal(before + 4, Volatile.Read(ref steps));
    }
}
