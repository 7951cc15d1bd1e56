using Nlp.Application.Common.Exceptions;
using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// The tokenizer, labels and hashes are read beside the weights and the network (<see cref="SideRead{T}"/>), yet a
/// folder with several broken files fails on the same file as when the steps ran one after another: the weights
/// before the tokenizer; a broken tokenizer alone fails the load naming it.
/// </summary>
public sealed class LoadStepOrderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-load-order-").FullName;
    private readonly TestMeterFactory _meters = new();

    [Fact]
    public void Broken_weights_and_tokenizer_fail_on_the_weights()
    {
        var folder = Folder();
        File.WriteAllBytes(Path.Combine(folder, "weights.h5"), [1, 2, 3, 4, 5, 6, 7, 8]);
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.pkl"), [0x80, 0x04, 0xFF]);

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal("weights.h5", error.FileName);
    }

    [Fact]
    public void A_broken_tokenizer_alone_fails_the_load_naming_it()
    {
        var folder = Folder();
        File.WriteAllBytes(Path.Combine(folder, "tokenizer.pkl"), [0x80, 0x04, 0xFF]);

        var error = Assert.Throws<ModelLoadException>(() => Load(folder));

        Assert.Equal("tokenizer.pkl", error.FileName);
    }

    [Fact]
    public void A_sound_folder_loads_with_the_hash_of_each_file()
    {
        var folder = Folder();

        var model = (KerasTextClassifier)Load(folder);

        Assert.Equal(["model.json", "serving.yaml", "tokenizer.pkl", "weights.h5"], model.Details.FileSha256.Keys.Order(StringComparer.Ordinal));
        Assert.All(model.Details.FileSha256.Values, h => Assert.Matches("^[0-9a-f]{64}$", h));
    }

    public void Dispose()
    {
        _meters.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string Folder() => OpenStepsFolder.Write(Path.Combine(_root, Guid.NewGuid().ToString("N")));

    private Application.Common.Interfaces.ITextClassifier Load(string folder) =>
        new KerasModelFolderLoader(new PredictionMetrics(_meters)).Load(ModelIdentifier.Parse("ordered"), folder, TestContext.Current.CancellationToken);
}
