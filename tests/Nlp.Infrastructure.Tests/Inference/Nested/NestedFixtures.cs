using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Tests.Inference.Nested;

/// <summary>The nested-model fixtures (made by <c>Fixtures/Nested/make_nested_fixtures.py</c>), beside the engine ones.</summary>
internal static class NestedFixtures
{
    public static string Path(string name) => EngineFixtures.Path(System.IO.Path.Combine("..", "Nested", name));

    public static KerasWeightsFile Weights(string name) => Hdf5WeightReader.Read(Path(name), name);

    /// <summary>The architecture file's graph, or the weights file's <c>model_config</c> when there is no file.</summary>
    public static ModelArchitecture Architecture(string? architecture, KerasWeightsFile weights) =>
        architecture is null
            ? ArchitectureReader.Parse(weights.ModelConfigJson!, weights.FileName)
            : ArchitectureReader.ReadFile(Path(architecture), architecture);

    public static CompiledNetwork Build(string? architecture, string weights)
    {
        var file = Weights(weights);
        return NetworkBuilder.Default.Build(Architecture(architecture, file), file, architecture ?? weights);
    }
}
