using System.Text.Json.Nodes;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.Engine;

/// <summary>Every architecture of the real corpus (YAML/JSON files and the model_config of full-model HDF5 files) parses.</summary>
public sealed class KerasCorpusArchitectureTests
{
    [Fact]
    public void Every_corpus_architecture_parses_into_a_graph()
    {
        var corpus = EngineSharedDirectory.Require("corpus");
        var texts = new List<(string Name, string Text)>();
        foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(corpus, file);
            if (file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".json", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(file);
                if (ArchitectureReader.ParseTree(text, name) is JsonObject root && root.ContainsKey("class_name"))
                {
                    texts.Add((name, text));
                }
            }
            else if (IsHdf5(file) && Hdf5WeightReader.Read(file, name).ModelConfigJson is { } config)
            {
                texts.Add((name + " (model_config)", config));
            }
        }

        Assert.True(texts.Count >= 20, $"only {texts.Count} architectures found");
        foreach (var (name, text) in texts)
        {
            var architecture = ArchitectureReader.Parse(text, name);
            Assert.NotEmpty(architecture.Layers);
            Assert.True(architecture.Layers[0].IsInputLayer, name);
            Assert.NotEmpty(architecture.Outputs);
        }
    }

    [Fact]
    public void The_keras3_dense_chatbot_builds_from_its_json_and_weights_h5()
    {
        var folder = Path.Combine(EngineSharedDirectory.Require("corpus"), "shop-chatbot-bow-keras3-json-weightsh5");
        var architecture = ArchitectureReader.ReadFile(Path.Combine(folder, "model_architecture.json"), "model_architecture.json");
        var weights = Hdf5WeightReader.Read(Path.Combine(folder, "model.weights.h5"), "model.weights.h5");

        var network = NetworkBuilder.Default.Build(architecture, weights, "model_architecture.json");
        var input = new float[2 * 71];
        input[3] = input[10] = input[71 + 40] = 1;
        var output = network.Forward(input, 2);

        Assert.Equal(3, architecture.KerasMajorVersion);
        Assert.Equal([71], network.InputShape);
        Assert.Equal(10, network.OutputWidth);
        Assert.Equal((71 * 128) + 128 + (128 * 64) + 64 + (64 * 10) + 10, network.ParameterCount);
        Assert.Equal(1f, output[..10].Sum(), 1e-5f);
        Assert.Equal(1f, output[10..].Sum(), 1e-5f);
        Assert.NotEqual(output[..10], output[10..]);
    }

    private static bool IsHdf5(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 4 && head.SequenceEqual((ReadOnlySpan<byte>)[0x89, (byte)'H', (byte)'D', (byte)'F']);
    }
}
