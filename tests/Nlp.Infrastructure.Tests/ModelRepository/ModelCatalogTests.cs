using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nlp.Application.Common.Exceptions;
using Nlp.Application.Models;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-catalog-").FullName;
    private readonly TextFileLoader _loader = new() { Delay = TimeSpan.FromMilliseconds(50) };
    private readonly ModelCatalog _catalog;

    public ModelCatalogTests()
    {
        _catalog = new ModelCatalog(
            new ModelsRoot(_root),
            _loader,
            Options.Create(new ModelsOptions { FailedLoadRetryAfter = TimeSpan.FromMinutes(5) }),
            TimeProvider.System,
            new ModelLoadEvents(NullLogger<ModelLoadEvents>.Instance, new TestMeterFactory()));
    }

    [Fact]
    public async Task Concurrent_first_requests_load_the_model_once()
    {
        Write("m", "v1");

        var models = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => _catalog.GetAsync(Id("m"), CancellationToken.None).AsTask()));

        Assert.Equal(1, _loader.Loads);
        Assert.All(models, m => Assert.Same(models[0], m));
    }

    [Fact]
    public async Task Unknown_model_is_not_found()
    {
        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await _catalog.GetAsync(Id("missing"), CancellationToken.None));
    }

    [Fact]
    public async Task A_failed_load_is_remembered_until_the_files_change()
    {
        Write("m", "broken");

        await Assert.ThrowsAsync<ModelLoadException>(async () => await _catalog.GetAsync(Id("m"), CancellationToken.None));
        await Assert.ThrowsAsync<ModelLoadException>(async () => await _catalog.GetAsync(Id("m"), CancellationToken.None));
        Assert.Equal(1, _loader.Loads);
        Assert.Equal(ModelState.Failed, _catalog.Get(Id("m")).State);

        Write("m", "fixed", touchLater: true);
        var model = await _catalog.GetAsync(Id("m"), CancellationToken.None);

        Assert.Equal("fixed", model.Labels[0]);
        Assert.Equal(2, _loader.Loads);
    }

    [Fact]
    public async Task A_changed_folder_is_swapped_in_and_old_holders_keep_their_version()
    {
        Write("m", "v1");
        var v1 = await _catalog.GetAsync(Id("m"), CancellationToken.None);

        Write("m", "v2", touchLater: true);
        await _catalog.SyncWithDiskAsync(CancellationToken.None);
        var v2 = await _catalog.GetAsync(Id("m"), CancellationToken.None);

        Assert.Equal("v1", v1.Labels[0]);
        Assert.Equal("v2", v2.Labels[0]);
        Assert.Equal(2, _catalog.Get(Id("m")).Version);
    }

    [Fact]
    public async Task A_broken_new_version_never_replaces_a_working_one()
    {
        Write("m", "v1");
        await _catalog.GetAsync(Id("m"), CancellationToken.None);

        Write("m", "broken", touchLater: true);
        await _catalog.SyncWithDiskAsync(CancellationToken.None);
        var serving = await _catalog.GetAsync(Id("m"), CancellationToken.None);
        var status = _catalog.Get(Id("m"));

        Assert.Equal("v1", serving.Labels[0]);
        Assert.Equal(ModelState.Available, status.State);
        Assert.Contains("broken", status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, status.Version);
    }

    [Fact]
    public async Task An_unchanged_broken_replacement_is_not_reloaded_on_every_scan()
    {
        Write("m", "v1");
        await _catalog.GetAsync(Id("m"), CancellationToken.None);
        Write("m", "broken", touchLater: true);

        await _catalog.SyncWithDiskAsync(CancellationToken.None);
        await _catalog.SyncWithDiskAsync(CancellationToken.None);
        await _catalog.SyncWithDiskAsync(CancellationToken.None);

        Assert.Equal(2, _loader.Loads);
        Assert.Equal("v1", (await _catalog.GetAsync(Id("m"), CancellationToken.None)).Labels[0]);
    }

    [Fact]
    public async Task A_deleted_folder_stops_being_served()
    {
        Write("m", "v1");
        await _catalog.GetAsync(Id("m"), CancellationToken.None);

        Directory.Delete(Path.Combine(_root, "m"), recursive: true);
        await _catalog.SyncWithDiskAsync(CancellationToken.None);

        await Assert.ThrowsAsync<ModelNotFoundException>(async () => await _catalog.GetAsync(Id("m"), CancellationToken.None));
        Assert.DoesNotContain(_catalog.List(), s => s.Identifier == "m");
    }

    [Fact]
    public void List_shows_folders_not_yet_loaded()
    {
        Write("a", "v1");
        Write("b", "v1");

        var list = _catalog.List();

        Assert.Equal(["a", "b"], list.Select(s => s.Identifier));
        Assert.All(list, s => Assert.Equal(ModelState.NotLoaded, s.State));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ModelIdentifier Id(string value) => ModelIdentifier.Parse(value);

    private void Write(string model, string content, bool touchLater = false)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_root, model)).FullName;
        var file = Path.Combine(folder, "weights.txt");
        File.WriteAllText(file, content);
        if (touchLater)
        {
            // The fingerprint includes the write time; make sure a rewrite within the same tick is still seen.
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
        }
    }
}
