using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// A model folder on the engine fixture seq_long (Embedding(10, 1024) on a number of steps left open), with the
/// small-talk tokenizer (ids 1 to 4 for "hi", "my", "good", "i") and three labels.
/// </summary>
internal static class OpenStepsFolder
{
    /// <summary>Writes the folder as <paramref name="folder"/> (replacing what is there) and returns its path.</summary>
    public static string Write(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        File.Copy(EngineFixtures.Path("seq_long.json"), Path.Combine(folder, "model.json"));
        File.Copy(EngineFixtures.Path("seq_long.h5"), Path.Combine(folder, "weights.h5"));
        var repository = Path.GetFullPath(Path.Combine(EngineFixtures.Path(""), "..", "..", "..", ".."));
        File.Copy(Path.Combine(repository, "tests", "Nlp.Api.IntegrationTests", "Fixtures", "models", "count_yaml_sigmoid", "smalltalk_tokenizer.pkl"),
            Path.Combine(folder, "tokenizer.pkl"));
        File.WriteAllText(Path.Combine(folder, "serving.yaml"), "labels: [a, b, c]\ninput:\n  mode: sequences\n");
        return folder;
    }
}
