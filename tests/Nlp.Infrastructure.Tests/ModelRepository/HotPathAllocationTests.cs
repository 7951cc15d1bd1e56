using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.ModelRepository;
using Nlp.Infrastructure.Tests.Inference;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// Issue 6: no allocation per request on the hot path. Once warm, a prediction allocates its answer (the
/// <see cref="Prediction"/>, its ranked topics and the array that holds it) and nothing else: tokenizing, the forward
/// pass and its buffers come from the model's pools (seen missing: a Bidirectional layer's buffers, and the work item
/// the seed's middle layer shares with a helper thread).
/// </summary>
[Collection(KernelThreadsAlone.Name)]
public sealed class HotPathAllocationTests : IDisposable
{
    private const int Calls = 200;
    private const int Blockers = 256;
    private readonly TestMeterFactory _meters = new();

    public static TheoryData<string, string> Models() => new()
    {
        { "models/keras_small_talk_model", "Hi there, good morning! Could you tell me the weather for tomorrow please?" }, // the seed's Dense network
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/seq_bilstm_masked_k2", "hi my good i" },  // Embedding (masked), Bidirectional LSTM
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/seq_gru_keras3_json", "hi my good i" },   // Keras 3, GRU
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/seq_conv_gmp_tfkeras", "hi my good i" },  // Conv1D, GlobalMaxPooling1D
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/nested_encoder_k2", "hi my good i" },     // a model inside the model
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/freq_activation_layers", "hi my good i" }, // activation layers
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/tfidf_labels_tfkeras24", "hi my good i" }, // tf-idf matrix
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/two_outputs_named", "hi my good i" },     // two outputs, one served
        { "tests/Nlp.Api.IntegrationTests/Fixtures/models/seq_keras3_archive", "hi my good i" },    // a .keras archive
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void A_warm_prediction_on_one_kernel_thread_allocates_only_its_answer(string folder, string text)
    {
        var model = Load(folder);
        KernelThreads.Configure(1);
        try
        {
            var (answer, actual) = (PredictionAllocations.AnswerBytes(model, text), PredictionAllocations.BytesPerPrediction(model, text, Calls));
            Assert.True(answer == actual, $"{folder}: {actual} bytes per prediction, its answer {answer}");
        }
        finally
        {
            KernelThreads.Configure(0);
        }
    }

    [Fact]
    public void A_warm_prediction_shared_with_a_helper_thread_reuses_the_shared_work()
    {
        // The seed's middle layer is large enough to be shared with a helper thread (PackedMultiply.ParallelWork); the
        // work item is pooled, and a helper that starts late keeps its item until it has looked: with helpers asked
        // for however many were still waiting, the pool ran empty and ~90 bytes were allocated per prediction.
        var model = Load("models/keras_small_talk_model");
        const string text = "Hi there, good morning! Could you tell me the weather for tomorrow please?";
        KernelThreads.Configure(2);
        try
        {
            var started = PanelWork.StartedHelpers;
            var extra = PredictionAllocations.BytesPerPrediction(model, text, Calls) - PredictionAllocations.AnswerBytes(model, text);
            Assert.True(PanelWork.StartedHelpers > started, $"no helper thread took part ({started}, waiting {PanelWork.WaitingHelpers})");
            Assert.True(extra < 8, $"{extra} bytes per prediction beyond the answer");
        }
        finally
        {
            KernelThreads.Configure(0);
        }
    }

    [Fact]
    public void While_earlier_helpers_wait_in_a_busy_thread_pool_a_product_runs_alone()
    {
        // A loaded service: the pool's threads are busy, so a helper asked for now starts too late to take a panel.
        // At most one helper per core may wait; the products after it run on their caller alone, with the same
        // scores, and hold no pooled work item (asking for a helper every time, each waiting helper held one: ~90
        // bytes per prediction here, none with the limit).
        var model = Load("models/keras_small_talk_model");
        string[] texts = ["Hi there, good morning! Could you tell me the weather for tomorrow please?"];
        KernelThreads.Configure(2);
        var busy = new ManualResetEventSlim();
        using var done = new CountdownEvent(Blockers);
        try
        {
            var expected = model.Scores(texts);
            PredictionAllocations.BytesPerPrediction(model, texts[0], Calls);
            for (var i = 0; i < Blockers; i++)
            {
                ThreadPool.QueueUserWorkItem(
                    static state =>
                    {
                        state.Busy.Wait();
                        state.Done.Signal();
                    },
                    (Busy: busy, Done: done),
                    preferLocal: false);
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 50; i++)
            {
                Assert.Equal(expected, model.Scores(texts));
            }

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var scoresArrays = 50 * (long)(24 + (4 * expected.Length)); // Scores() returns a new array each time
            Assert.True(allocated - scoresArrays < 200, $"{allocated - scoresArrays} bytes beyond the 50 score arrays");
        }
        finally
        {
            busy.Set();
            KernelThreads.Configure(0);
            done.Wait(TimeSpan.FromSeconds(30)); // the pool's threads free again, the waiting helpers run
        }
    }

    public void Dispose() => _meters.Dispose();

    private KerasTextClassifier Load(string folder)
    {
        var repository = Path.GetFullPath(Path.Combine(EngineFixtures.Path(""), "..", "..", "..", ".."));
        var path = Path.Combine(repository, folder);
        return (KerasTextClassifier)new KerasModelFolderLoader(new PredictionMetrics(_meters))
            .Load(ModelIdentifier.Parse(Path.GetFileName(path)), path, TestContext.Current.CancellationToken);
    }
}
