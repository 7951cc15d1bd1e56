using System.Diagnostics;
using System.Net;
using Nlp.Api.IntegrationTests.Infrastructure;

namespace Nlp.Api.IntegrationTests.Auth;

/// <summary>A token past its lifetime (configured to 2 s here) is refused.</summary>
public sealed class ExpiredTokenTests
{
    [Fact]
    public async Task Expired_token_is_401()
    {
        using var factory = new ApiFactory { Settings = new Dictionary<string, string?> { ["Identity:AccessTokenLifetime"] = "00:00:02" } };
        var client = factory.CreateClient();
        var token = await OAuth.AccessTokenAsync(client, TestClients.Pega);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(OAuth.Predict("/auth/predict", "count_yaml_sigmoid", "hi", token))).StatusCode);

        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        do
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            response = await client.SendAsync(OAuth.Predict("/auth/predict", "count_yaml_sigmoid", "hi", token));
        }
        while (response.StatusCode == HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(15));

        AuthPredictTests.AssertInvalidToken(response);
    }
}
