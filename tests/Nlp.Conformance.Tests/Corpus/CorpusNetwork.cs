using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>The engine pieces the folder loader uses, for folders that are not servable text models.</summary>
internal static class CorpusNetwork
{
    /// <summary>Reads the weights (HDF5 or .keras) and the architecture (a file, else the model_config / archive config) and builds.</summary>
    public static CompiledNetwork Build(string folder, string? architecture, string weights)
    {
        var path = Path.Combine(folder, weights);
        var file = KerasArchiveReader.IsArchive(weights) ? KerasArchiveReader.Read(path, weights) : Hdf5WeightReader.Read(path, weights);
        var model = architecture is { } name
            ? ArchitectureReader.ReadFile(Path.Combine(folder, name), name)
            : ArchitectureReader.Parse(file.ModelConfigJson ?? throw new InvalidOperationException($"{weights} holds no model config"), weights);
        return NetworkBuilder.Default.Build(model, file, architecture ?? weights);
    }

    /// <summary>The sample's ids (as floats, as the vectorisers pass them) or float values, batch 1.</summary>
    public static Tensor Input(CorpusSample sample) =>
        sample.Ids is { } ids
            ? new Tensor(1, [ids.Length], [.. ids.Select(i => (float)i)])
            : new Tensor(1, sample.Shape!, sample.Values!);

    /// <summary>The largest absolute difference, after checking the lengths agree.</summary>
    public static double MaxDifference(IReadOnlyList<double> expected, ReadOnlySpan<float> actual, string context)
    {
        Assert.True(expected.Count == actual.Length, $"{context}: {actual.Length} outputs, the reference has {expected.Count}");
        var max = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"{context}: output {i} is {actual[i]}");
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }
}
