using System.Diagnostics;
using System.Globalization;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// <c>quick</c> mode: our engine's forward passes alone, timed with a stopwatch (11 repeats of ~0.1 s after 2 s of
/// warm-up, minimum and median µs per call) and with the process's CPU time (which a busy shared machine disturbs less
/// than the wall clock, as long as the pass runs on one thread), in seconds rather than BenchmarkDotNet's minutes: for
/// trying a kernel change. The figures for docs/benchmarks.md come from the side-by-side runs, not from this.
/// <c>quick dense</c> or <c>quick lstm</c> times one of the two models alone (e.g. under <c>perf record</c>), and
/// <c>NLP_QUICK_BATCHES=1,8</c> only those batch sizes of the dense one.
/// </summary>
internal static class QuickTimings
{
    public static int Run(string? only)
    {
        if (only is not null and not "dense" and not "lstm")
        {
            Console.Error.WriteLine($"quick [dense|lstm]: unknown model '{only}'");
            return 2;
        }

        Console.WriteLine($"Vector512 accelerated: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}, kernel threads: {Nlp.Infrastructure.Inference.Kernels.KernelThreads.Limit}");
        if (only != "lstm")
        {
            RunDense();
        }

        if (only != "dense")
        {
            RunLstm();
        }

        return 0;
    }

    private static void RunDense()
    {
        var dense = EngineNetworks.Build(BenchPaths.ModelFolder("seed_dense"));
        // NLP_QUICK_BATCHES=1,8 times those batch sizes only (e.g. under perf record).
        var batches = Environment.GetEnvironmentVariable("NLP_QUICK_BATCHES") is { Length: > 0 } list
            ? list.Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture)).ToArray()
            : [1, 2, 3, 4, 6, 7, 8, 32, 256];
        foreach (var batch in batches)
        {
            var expected = BenchInputs.DenseExpected(batch);
            var input = new Tensor(batch, [BenchInputs.DenseWidth], BenchInputs.DenseCounts(batch));
            BenchInputs.Check(EngineNetworks.Scores(dense.Forward(input), expected.Length), expected, 1e-5f, $"engine seed_dense batch {batch}");
            Report($"seed_dense b{batch}", () => EngineNetworks.Run(dense, input));
        }
    }

    private static void RunLstm()
    {
        var lstm = EngineNetworks.Build(BenchPaths.ModelFolder("embed_lstm"));
        var ids = EngineNetworks.IdsTensor(BenchInputs.LstmIds(1), 1);
        BenchInputs.Check(EngineNetworks.Scores(lstm.Forward(ids), BenchInputs.Labels), BenchInputs.LstmExpected(1), 1e-5f, "engine embed_lstm batch 1");
        Report("embed_lstm b1", () => EngineNetworks.Run(lstm, ids));
        var full = EngineNetworks.IdsTensor(BenchInputs.LstmFullIds(), 1);
        BenchInputs.Check(EngineNetworks.Scores(lstm.Forward(full), BenchInputs.Labels), BenchInputs.LstmFullExpected(), 1e-5f, "engine embed_lstm_full batch 1");
        Report("embed_lstm_full b1", () => EngineNetworks.Run(lstm, full));
    }

    private static void Report(string name, Action call)
    {
        // Warm up for 2 s (long enough for the tiered JIT to finish the hot methods even when this is the first
        // case of the process), then time repeats of ~0.1 s.
        var watch = Stopwatch.StartNew();
        var calls = 0;
        while (watch.Elapsed.TotalSeconds < 2 || calls < 20)
        {
            call();
            calls++;
        }

        var loops = Math.Max(20, (int)(calls * 0.1 / watch.Elapsed.TotalSeconds));

        var times = new double[11];
        var cpu = new double[11];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < times.Length; r++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            watch.Restart();
            for (var i = 0; i < loops; i++)
            {
                call();
            }

            times[r] = watch.Elapsed.TotalMicroseconds / loops;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / loops;
        }

        Array.Sort(times);
        Array.Sort(cpu);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-16} wall min {times[0],10:F2} us  median {times[5],10:F2} us   cpu min {cpu[0],10:F2} us  median {cpu[5],10:F2} us"));
    }
}
