using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.Engine;

/// <summary>
/// The two ways the engine tells Keras 2 from Keras 3 for a sequence layer's activations (<c>hard_sigmoid</c>
/// differs) give the same answer on every real model we have: the version <see cref="NetworkBuilder"/> passes in
/// <see cref="LayerBuildContext.KerasMajorVersion"/> (weights file's keras_version, else the architecture) and the
/// recurrent layers' fallback from their own config keys.
/// </summary>
public sealed class KerasVersionAgreementTests(ITestOutputHelper output)
{
    private static readonly string[] WeightExtensions = [".h5", ".hdf5", ".keras", ""];
    private static readonly string[] ArchitectureExtensions = [".json", ".yaml", ".yml"];

    [Fact]
    public void Builder_version_and_config_keys_agree_on_every_corpus_sequence_layer()
    {
        var corpus = EngineSharedDirectory.Require("corpus");
        var probe = new SequenceLayerVersionProbe();
        foreach (var folder in Directory.GetDirectories(corpus).Order(StringComparer.Ordinal))
        {
            var files = Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            foreach (var weightsName in files.Where(f => WeightExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)))
            {
                if (TryRead(() => KerasArchiveReader.IsArchive(weightsName)
                    ? KerasArchiveReader.Read(Path.Combine(folder, weightsName), weightsName)
                    : Hdf5WeightReader.Read(Path.Combine(folder, weightsName), weightsName)) is not { } weights)
                {
                    continue;
                }

                var architectures = files.Where(f => ArchitectureExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Select(f => (Name: f, Model: TryRead(() => ArchitectureReader.ReadFile(Path.Combine(folder, f), f))))
                    .Append((Name: weightsName, Model: weights.ModelConfigJson is { } json ? TryRead(() => ArchitectureReader.Parse(json, weightsName)) : null));
                foreach (var (name, model) in architectures.Where(a => a.Model is not null))
                {
                    probe.Model = $"{Path.GetFileName(folder)}/{name}+{weightsName}";
                    TryRead(() => new NetworkBuilder(probe.Registry).Build(model!, weights, name));
                }
            }
        }

        Report(probe, minimum: 15);
    }

    [Fact]
    public void Architecture_version_and_config_keys_agree_on_every_keras_vectors_sequence_layer()
    {
        var vectors = EngineSharedDirectory.Require("keras-vectors");
        var probe = new SequenceLayerVersionProbe();
        foreach (var file in new[] { "recurrent/LSTM", "recurrent/GRU", "recurrent/SimpleRNN", "wrappers/Bidirectional", "wrappers/TimeDistributed" })
        {
            var models = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(vectors, file + ".models.json")))!;
            foreach (var (key, model) in models)
            {
                // No weights file: the builder passes the architecture's version.
                var architecture = ArchitectureReader.Parse(model!.ToJsonString(), file + ".models.json");
                probe.Model = key;
                foreach (var layer in architecture.Layers)
                {
                    probe.Observe(layer.Name, layer.ClassName, layer.Config, architecture.KerasMajorVersion);
                }
            }
        }

        Report(probe, minimum: 20);
    }

    private void Report(SequenceLayerVersionProbe probe, int minimum)
    {
        foreach (var line in probe.Agreements.Concat(probe.Disagreements))
        {
            output.WriteLine(line);
        }

        Assert.Empty(probe.Disagreements);
        Assert.True(probe.Agreements.Count >= minimum, $"only {probe.Agreements.Count} sequence layers were checked, expected at least {minimum}");
    }

    private static T? TryRead<T>(Func<T> read)
        where T : class
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ModelFormatException or FormatException or IOException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }
}
