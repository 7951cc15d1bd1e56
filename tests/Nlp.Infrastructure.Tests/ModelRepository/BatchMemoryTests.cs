using Microsoft.Extensions.DependencyInjection;
using Nlp.Application.Common.Telemetry;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// A batch runs in parts that fit <see cref="BatchParts.DefaultBudget"/> (or a configured budget), by what one step of
/// one text has needed so far and each text's length, with the same predictions as one text at a time (the engine
/// fixture seq_long: Embedding(10, 1024) on a number of steps left open, so a text of 100 tokens needs ~103 K floats
/// and 1,000 of them ~103 M, over the budget's 67 M). The parts of one batch share one compute-time limit.
/// </summary>
public sealed class BatchMemoryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nlp-batch-memory-").FullName;
    private readonly TestMeterFactory _meters = new();

    [Fact]
    public void A_batch_over_the_budget_runs_in_parts_with_the_predictions_of_single_texts()
    {
        var model = Load();
        var words = new[] { "hi", "my", "good", "i" };
        var texts = Enumerable.Range(0, 1000)
            .Select(t => string.Join(' ', Enumerable.Range(0, 100).Select(w => words[((t * 7) + (w * (t % 5 + 1))) % words.Length])))
            .ToList();
        Assert.Equal(0, model.Parts.FloatsPerUnit);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var batch = model.PredictBatch(texts);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(model.Parts.FloatsPerUnit, 1024, 1100); // per step: the Embedding's 1,024 and the input's 1, plus the pooled row's share
        // One call for all 1,000 texts would rent a 103 M-float buffer for the Embedding's output alone (412 MB).
        Assert.True(allocated < 330_000_000, $"the batch allocated {allocated:N0} bytes");
        for (var i = 0; i < texts.Count; i += 37)
        {
            var single = model.Predict(texts[i]);
            Assert.Equal(single.Top.Label, batch[i].Top.Label);
            Assert.Equal(single.Topics.Select(s => (s.Label, s.Score)), batch[i].Topics.Select(s => (s.Label, s.Score)), (a, b) => a.Label == b.Label && Math.Abs(a.Score - b.Score) <= 1e-6);
        }
    }

    [Fact]
    public void A_batch_within_the_budget_runs_as_one_call_once_a_text_has_been_measured()
    {
        var model = Load();
        var texts = Enumerable.Repeat("hi my good i", 64).ToList();

        model.PredictBatch(texts[..1]);
        var learned = model.Parts.FloatsPerUnit;
        var parts = model.Parts.NextPart(texts, 0);
        var predictions = model.PredictBatch(texts);

        Assert.InRange(learned, 1025, 1400); // 4 steps of 1,025 floats and a pooled row of 1,024 for one text
        Assert.Equal(64, parts);
        Assert.Equal(64, predictions.Count);
        Assert.All(predictions, p => Assert.Equal(predictions[0].Top.Label, p.Top.Label));
    }

    [Fact]
    public void Long_texts_after_short_ones_still_run_in_parts_that_fit()
    {
        // Before the split counted steps, a batch after one short text ran as one call: 8 texts of 16,000 tokens rented
        // 8 x 16.4 M floats (525 MB) at once; now each text's length bounds its steps.
        var model = Load();
        model.Predict("hi");
        var texts = LongTexts(8);

        Assert.Equal(1, model.Parts.NextPart(texts, 0));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var batch = model.PredictBatch(texts);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 200_000_000, $"the batch allocated {allocated:N0} bytes");
        Assert.Equal(model.Predict(texts[3]).Topics.Select(s => s.Score), batch[3].Topics.Select(s => s.Score));
    }

    [Fact]
    public void A_lower_budget_splits_a_batch_into_more_parts_with_the_same_predictions()
    {
        // 100 texts of 4 tokens: ~1,025 floats per step, so the default budget takes them in one pass and a budget of
        // 1 Mi floats (the lowest allowed setting) in passes of ~250 steps, 62 texts of 4 steps.
        var texts = Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? "hi my good i" : "good i hi my").ToList();
        var lowered = Load(maxPassValues: 1 << 20);
        var standard = Load();
        lowered.Predict("hi");
        standard.Predict("hi");

        Assert.Equal(1 << 20, lowered.MaxPassValues);
        Assert.Equal(100, standard.Parts.NextPart(texts, 0));
        Assert.InRange(lowered.Parts.NextPart(texts, 0), 2, 99);
        Assert.Equal(
            standard.PredictBatch(texts).Select(p => p.Topics.Select(s => s.Score).ToArray()),
            lowered.PredictBatch(texts).Select(p => p.Topics.Select(s => s.Score).ToArray()));
    }

    [Fact]
    public void The_setting_reaches_the_models_the_service_loads()
    {
        using var services = ConfiguredServices.With("Prediction:MaxPassValues", "2097152");

        var model = Load(loader: services.GetRequiredService<KerasModelFolderLoader>());

        Assert.Equal(2_097_152, model.MaxPassValues);
        Assert.Equal(BatchParts.DefaultBudget, Load().MaxPassValues);
    }

    [Fact]
    public void The_parts_of_a_batch_share_one_compute_time_limit()
    {
        // The clock moves 6 s each time it is read: the second part starts 6 s into the batch's 10 s (4 s left, far
        // more than a part takes), the third 12 s in, past the limit, so it stops at its first check. Before the parts
        // shared the limit, each started its own 10 s and the batch of 3 parts could run for 30.
        var model = Load(TimeSpan.FromSeconds(10), new SteppingTime(TimeSpan.FromSeconds(6)));
        model.Predict("hi");
        var texts = LongTexts(3);
        Assert.Equal(1, model.Parts.NextPart(texts, 0));

        var error = Assert.Throws<DomainException>(() => model.PredictBatch(texts));

        Assert.Equal(
            "The request takes too long for model 'open_steps': the forward pass was stopped after its limit of 10 s "
            + "(Prediction:MaxComputeTime); send shorter texts or fewer at once.",
            error.Message);
        Assert.Equal(2, model.PredictBatch(texts[..2]).Count); // two parts fit in the limit
    }

    public void Dispose()
    {
        _meters.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    // Texts of 16,000 tokens (ids 1 to 4): too long for two in one part.
    private static List<string> LongTexts(int count)
    {
        var words = new[] { "hi", "my", "good", "i" };
        return [.. Enumerable.Range(0, count).Select(t => string.Join(' ', Enumerable.Range(0, 16_000).Select(w => words[(t + w) % words.Length])))];
    }

    private KerasTextClassifier Load(
        TimeSpan? maxComputeTime = null, TimeProvider? time = null, long maxPassValues = BatchParts.DefaultBudget, KerasModelFolderLoader? loader = null)
    {
        var folder = OpenStepsFolder.Write(Path.Combine(_root, "open_steps"));
        loader ??= new KerasModelFolderLoader(new PredictionMetrics(_meters), maxComputeTime, time, maxPassValues: maxPassValues);
        return (KerasTextClassifier)loader
            .Load(ModelIdentifier.Parse("open_steps"), folder, TestContext.Current.CancellationToken);
    }

    // A clock that moves a fixed step each time it is read.
    private sealed class SteppingTime(TimeSpan step) : TimeProvider
    {
        private long now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => now += step.Ticks;
    }
}
