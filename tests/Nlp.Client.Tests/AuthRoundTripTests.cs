using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>
/// <c>/auth/*</c> through the generated client with <see cref="ClientCredentialsTokenHandler"/>: the handler gets a
/// token from the Api's co-hosted <c>/oauth/token</c> (client credentials, Basic auth) and sends it as a bearer.
/// </summary>
public sealed class AuthRoundTripTests
{
    private const string Model = "keras_small_talk_model";

    [Fact]
    public async Task Auth_predict_and_batch_succeed_with_a_token_from_the_helper()
    {
        using var api = new ApiFactory { ModelsPath = ApiFactory.RepositoryModels };
        using var provider = new ClientCredentialsTokenProvider(api.CreateClient(), new ClientCredentialsOptions
        {
            TokenEndpoint = new Uri(api.Server.BaseAddress, "oauth/token"),
            ClientId = ApiFactory.Pega.Id,
            ClientSecret = ApiFactory.Pega.Secret,
            Scope = "profile",
        });
        using var http = new HttpClient(new ClientCredentialsTokenHandler(provider) { InnerHandler = api.Server.CreateHandler() })
        {
            BaseAddress = api.Server.BaseAddress,
        };
        var client = new NlpInferenceClient(http);

        var single = await client.AuthPredictAsync(new PredictBody { ModelIdentifier = Model, Text = "hello there, good morning" }, cancellationToken: TestContext.Current.CancellationToken);
        var batch = await client.AuthPredictBatchAsync(Model, new PredictBatchRequest { Instances = ["see you tomorrow", "thanks a lot"] }, TestContext.Current.CancellationToken);

        Assert.Equal("action > greeting", single.Topic.Name);
        Assert.Equal(2, batch.Predictions.Count);
    }

    [Fact]
    public async Task Auth_predict_without_a_token_maps_to_a_401_api_exception()
    {
        using var api = new ApiFactory { ModelsPath = ApiFactory.RepositoryModels };
        var client = api.CreateNlpClient();

        var error = await Assert.ThrowsAnyAsync<ApiException>(() =>
            client.AuthPredictAsync(new PredictBody { ModelIdentifier = Model, Text = "hello" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(401, error.StatusCode);
    }
}
