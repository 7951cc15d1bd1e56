#if ENGINE_AVAILABLE
// Compiled only with -p:EngineAvailable=true (see Nlp.Benchmarks.csproj): needs the engine in src/Nlp.Infrastructure.
using Nlp.Infrastructure.Hdf5;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Keras;

namespace Nlp.Benchmarks;

/// <summary>Builds our engine's network from a benchmark model folder, exactly as the folder loader does.</summary>
internal static class EngineNetworks
{
    private const string ArchitectureFile = "model.yaml";
    private const string WeightsFile = "weights.h5";

    public static CompiledNetwork Build(string folder)
    {
        var weights = Hdf5WeightReader.Read(Path.Combine(folder, WeightsFile), WeightsFile);
        var architecture = ArchitectureReader.Parse(File.ReadAllText(Path.Combine(folder, ArchitectureFile)), ArchitectureFile);
        return NetworkBuilder.Build(architecture, weights, WeightsFile, null);
    }

    /// <summary>Embedding input: the ids as float values, as <c>SequenceVectorizer</c> passes them.</summary>
    public static Tensor IdsTensor(long[] ids, int batch)
    {
        var data = new float[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            data[i] = ids[i];
        }

        return new Tensor(batch, [ids.Length / batch], data);
    }
}
#endif
