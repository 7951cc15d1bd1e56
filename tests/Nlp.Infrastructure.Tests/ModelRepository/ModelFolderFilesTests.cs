using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>Discovery of a model folder's files when it holds a Keras 3 <c>.keras</c> archive.</summary>
public sealed class ModelFolderFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nlp-files-").FullName;

    [Fact]
    public void A_keras_archive_is_weights_and_architecture_so_json_files_beside_it_are_not_architectures()
    {
        Touch("chat_model.keras", "intents.json", "tokenizer.pickle", "label_encoder.pickle");

        var files = ModelFolderFiles.Discover(_folder, new ServingSettings());

        Assert.Equal("chat_model.keras", files.Weights);
        Assert.Null(files.Architecture);
        Assert.Equal("tokenizer.pickle", files.Tokenizer);
        Assert.Equal("label_encoder.pickle", files.Encoder);
    }

    [Fact]
    public void An_architecture_named_in_serving_yaml_is_still_used_with_an_archive()
    {
        Touch("model.keras", "model.json");

        var files = ModelFolderFiles.Discover(_folder, new ServingSettings { Architecture = "model.json" });

        Assert.Equal(("model.keras", "model.json"), (files.Weights, files.Architecture));
    }

    [Fact]
    public void An_archive_beside_an_h5_file_must_be_named()
    {
        Touch("model.keras", "model.h5");

        var error = Assert.Throws<ModelFormatException>(() => ModelFolderFiles.Discover(_folder, new ServingSettings()));

        Assert.Equal("several weights files (model.h5, model.keras): name the one to use in serving.yaml.", error.Message);
        Assert.Equal("model.keras", ModelFolderFiles.Discover(_folder, new ServingSettings { Weights = "model.keras" }).Weights);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Touch(params string[] names)
    {
        foreach (var name in names)
        {
            File.WriteAllBytes(Path.Combine(_folder, name), [0]);
        }
    }
}
