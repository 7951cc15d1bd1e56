using Nlp.Infrastructure.Hdf5;

namespace Nlp.Conformance.Tests.Engine;

/// <summary>Every HDF5 file of the real corpus opens with <see cref="Hdf5WeightReader"/> (reading only, not building).</summary>
public sealed class KerasCorpusWeightsTests
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Every_corpus_hdf5_file_is_read()
    {
        var corpus = EngineSharedDirectory.Require("corpus");
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(IsHdf5).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 20, $"only {files.Count} HDF5 files found under {corpus}");

        var failures = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(corpus, file);
            try
            {
                var weights = Hdf5WeightReader.Read(file, Path.GetFileName(file));
                Assert.NotEmpty(weights.Layers);
                Assert.Contains(weights.Layers, l => l.Weights.Count > 0);
                foreach (var weight in weights.Layers.SelectMany(l => l.Weights))
                {
                    Assert.Equal(weight.Shape.Aggregate(1L, (a, b) => a * b), weight.Values.Length);
                    Assert.All(weight.Values, v => Assert.True(float.IsFinite(v)));
                }

                if (weights.Layout == KerasWeightsLayout.FullModel)
                {
                    Assert.False(string.IsNullOrEmpty(weights.ModelConfigJson), $"{name}: model_config missing");
                }
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static bool IsHdf5(string path)
    {
        Span<byte> head = stackalloc byte[8];
        using var stream = File.OpenRead(path);
        return stream.Read(head) == 8 && head.SequenceEqual(Hdf5Signature);
    }
}
