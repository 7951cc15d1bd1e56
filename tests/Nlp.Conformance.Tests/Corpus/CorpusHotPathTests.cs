using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.ModelRepository;
using Nlp.Infrastructure.Tests.ModelRepository;

namespace Nlp.Conformance.Tests.Corpus;

/// <summary>
/// Issue 6's "no allocation per request on the hot path" over the real models of <c>shared/corpus</c> that are served:
/// once warm, a prediction of a sample text allocates its answer (the prediction and its ranked topics, the array
/// holding it) and nothing else, on one kernel thread (the setting is process-wide: these run alone).
/// </summary>
[Collection(Name)]
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CorpusHotPathTests
{
    private const string Name = "corpus hot path, kernel threads set alone";
    private const int Calls = 100;

    public static TheoryData<string> ServedFolders => CorpusCases.Of(CorpusOutcome.Served);

    [Theory]
    [MemberData(nameof(ServedFolders))]
    public void A_warm_prediction_allocates_only_its_answer(string folder)
    {
        var source = Path.Combine(SharedDirectory.Require(), "corpus", folder);
        var @case = CorpusCases.Get(folder);
        using var copy = CorpusFolderCopy.Create(source, @case.LeaveOut, @case.ServingYaml);
        using var meters = new TestMeterFactory();
        var model = (KerasTextClassifier)new KerasModelFolderLoader(new PredictionMetrics(meters))
            .Load(ModelIdentifier.Parse(folder), copy.Path, TestContext.Current.CancellationToken);
        var text = CorpusExpectations.Samples(folder).Select(s => s.ResolveText(source)).First(t => t is not null)!;
        KernelThreads.Configure(1);
        try
        {
            var perPrediction = PredictionAllocations.BytesPerPrediction(model, text, Calls);
            var answer = PredictionAllocations.AnswerBytes(model, text);
            Assert.True(perPrediction == answer, $"{folder}: {perPrediction} bytes per prediction, its answer {answer}");
        }
        finally
        {
            KernelThreads.Configure(0);
        }
    }
}
