namespace Nlp.Api.IntegrationTests.Infrastructure;

/// <summary>Model folders built for one test under a models root of its own.</summary>
internal static class ModelFolders
{
    /// <summary>A copy of the fixture model folder <paramref name="fixture"/> (Fixtures/models), named <paramref name="model"/>.</summary>
    public static string CopyFixture(string root, string model, string fixture)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, model)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(ApiFactory.FixtureModels, fixture)))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        return folder;
    }

    /// <summary>
    /// An engine fixture network (Nlp.Infrastructure.Tests' Fixtures/Engine/<paramref name="network"/>.json + .h5) with
    /// the small-talk tokenizer of count_yaml_sigmoid and <paramref name="servingYaml"/>.
    /// </summary>
    public static string CopyEngineModel(string root, string model, string network, string servingYaml)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, model)).FullName;
        var engineFixtures = Path.Combine(ApiFactory.RepositoryRoot, "tests", "Nlp.Infrastructure.Tests", "Fixtures", "Engine");
        File.Copy(Path.Combine(engineFixtures, network + ".json"), Path.Combine(folder, "model.json"));
        File.Copy(Path.Combine(engineFixtures, network + ".h5"), Path.Combine(folder, "weights.h5"));
        File.Copy(Path.Combine(ApiFactory.FixtureModels, "count_yaml_sigmoid", "smalltalk_tokenizer.pkl"), Path.Combine(folder, "tokenizer.pkl"));
        File.WriteAllText(Path.Combine(folder, "serving.yaml"), servingYaml);
        return folder;
    }
}
