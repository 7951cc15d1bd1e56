using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.ModelRepository;
using Nlp.Infrastructure.Preprocessing;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>The network and the vectoriser of a prepared folder, built from its serving.yaml as the loader builds them.</summary>
internal sealed record CorpusPipeline(CompiledNetwork Network, ITextVectorizer Vectorizer)
{
    public static CorpusPipeline Create(string folder)
    {
        var settings = ServingSettingsReader.Read(folder);
        var files = ModelFolderFiles.Discover(folder, settings);
        var network = CorpusNetwork.Build(folder, files.Architecture, files.Weights);
        return new CorpusPipeline(network, VectorizerFactory.Create(folder, files, settings.Input, network));
    }
}
