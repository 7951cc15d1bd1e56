using Nlp.Client.Tests.Infrastructure;

namespace Nlp.Client.Tests;

/// <summary>The models API through the generated client: list, one model, reload, and their 404s.</summary>
public sealed class ModelsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task ListModels_shows_every_folder_of_the_models_root()
    {
        var list = await api.CreateNlpClient().ListModelsAsync(TestContext.Current.CancellationToken);

        var model = Assert.Single(list.Models, m => m.Identifier == ApiFactory.EmptyModel);
        Assert.Equal(ModelState.NotLoaded, model.State);
        Assert.Null(model.Details);
        Assert.Null(model.LoadedAt);
    }

    [Fact]
    public async Task GetModel_answers_the_model_status()
    {
        var model = await api.CreateNlpClient().GetModelAsync(ApiFactory.EmptyModel, TestContext.Current.CancellationToken);

        Assert.Equal(ApiFactory.EmptyModel, model.Identifier);
        Assert.Equal(ModelState.NotLoaded, model.State);
    }

    [Fact]
    public async Task GetModel_for_a_missing_folder_throws_the_404_problem()
    {
        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            api.CreateNlpClient().GetModelAsync("missing_model", TestContext.Current.CancellationToken));

        Assert.Equal(404, e.StatusCode);
        Assert.Contains("missing_model", e.Result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReloadModel_for_a_missing_folder_throws_the_404_problem()
    {
        var e = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            api.CreateNlpClient().ReloadModelAsync("missing_model", TestContext.Current.CancellationToken));

        Assert.Equal(404, e.StatusCode);
        Assert.Equal(404, e.Result.Status);
    }

    [Fact]
    public async Task ReloadModels_reports_a_folder_that_cannot_load_as_failed_with_its_reason()
    {
        using var isolated = new ApiFactory(); // reloading changes state: keep it away from the other tests' Api
        var list = await isolated.CreateNlpClient().ReloadModelsAsync(TestContext.Current.CancellationToken);

        var model = Assert.Single(list.Models, m => m.Identifier == ApiFactory.EmptyModel);
        Assert.Equal(ModelState.Failed, model.State);
        Assert.False(string.IsNullOrWhiteSpace(model.LastError));
        Assert.NotNull(model.LastErrorAt);
    }
}
