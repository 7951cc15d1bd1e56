using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Nlp.Infrastructure.Inference;

namespace Nlp.Benchmarks;

/// <summary>
/// <c>rounds</c> mode: the .NET side of an interleaved comparison driven by bench/peers/numpy_forward.py
/// (<c>--dotnet</c>). It sets up every case (ONNX Runtime with default threads and with one; ours when built with the
/// engine), checks each against the numpy outputs, calibrates a loop count (~0.1 s per repeat), prints one JSON
/// line <c>{"ready": ...}</c>, then answers each <c>round</c> line on stdin with one JSON line of µs per call per case
/// and stops at <c>quit</c>. Interleaving the peers' rounds makes every side see the same moments of a shared machine.
/// </summary>
internal static class RoundsServer
{
    private const double RepeatSeconds = 0.1;

    public static int Run()
    {
        var cases = new List<(string Name, Action Call, IDisposable? Owner)>();
        var engine = EngineNetworks.Build(BenchPaths.ModelFolder("seed_dense"));
        foreach (var batch in new[] { 1, 32, 256 })
        {
            var counts = BenchInputs.DenseCounts(batch);
            var expected = BenchInputs.DenseExpected(batch);
            foreach (var threads in new[] { 0, 1 })
            {
                var onnx = OnnxForward.ForCounts(BenchPaths.Onnx("seed_dense"), (float[])counts.Clone(), batch, threads);
                BenchInputs.Check(onnx.Run(), expected, 1e-5f, $"ONNX Runtime ({Threads(threads)}) seed_dense batch {batch}");
                cases.Add(($"onnx_seed_dense_b{batch}{Suffix(threads)}", () => onnx.Run(), onnx));
            }
            var input = new Tensor(batch, [BenchInputs.DenseWidth], (float[])counts.Clone());
            BenchInputs.Check(EngineNetworks.Scores(engine.Forward(input), expected.Length), expected, 1e-5f, $"engine seed_dense batch {batch}");
            cases.Add(($"engine_seed_dense_b{batch}", () => EngineNetworks.Run(engine, input), null));
            cases.Add(($"engine_seed_dense_b{batch}_threads1", () => EngineNetworks.RunOnOneThread(engine, input), null));
        }

        // The padded sample text (35 padding ids in front of 15 tokens) and a text that fills the 50 steps.
        var lstm = EngineNetworks.Build(BenchPaths.ModelFolder("embed_lstm"));
        foreach (var (name, ids, lstmExpected) in new[]
                 {
                     ("embed_lstm", BenchInputs.LstmIds(1), BenchInputs.LstmExpected(1)),
                     ("embed_lstm_full", BenchInputs.LstmFullIds(), BenchInputs.LstmFullExpected()),
                 })
        {
            foreach (var threads in new[] { 0, 1 })
            {
                var onnx = OnnxForward.ForIds(BenchPaths.Onnx("embed_lstm"), (long[])ids.Clone(), 1, threads);
                BenchInputs.Check(onnx.Run(), lstmExpected, 1e-5f, $"ONNX Runtime ({Threads(threads)}) {name} batch 1");
                cases.Add(($"onnx_{name}_b1{Suffix(threads)}", () => onnx.Run(), onnx));
            }

            var lstmInput = EngineNetworks.IdsTensor(ids, 1);
            BenchInputs.Check(EngineNetworks.Scores(lstm.Forward(lstmInput), lstmExpected.Length), lstmExpected, 1e-5f, $"engine {name} batch 1");
            cases.Add(($"engine_{name}_b1", () => EngineNetworks.Run(lstm, lstmInput), null));
            cases.Add(($"engine_{name}_b1_threads1", () => EngineNetworks.RunOnOneThread(lstm, lstmInput), null));
        }

        var loops = cases.ToDictionary(c => c.Name, c => Calibrate(c.Call));
        Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["ready"] = loops }));
        Console.Out.Flush();
        while (Console.In.ReadLine() is { } line && line.Trim() != "quit")
        {
            var round = new Dictionary<string, double>();
            foreach (var (name, call, _) in cases)
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < loops[name]; i++)
                {
                    call();
                }

                round[name] = Math.Round(watch.Elapsed.TotalMicroseconds / loops[name], 3);
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(round));
            Console.Out.Flush();
        }

        foreach (var (_, _, owner) in cases)
        {
            owner?.Dispose();
        }

        return 0;
    }

    private static int Calibrate(Action call)
    {
        for (var i = 0; i < 50; i++)
        {
            call();
        }

        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed.TotalSeconds < 0.05)
        {
            call();
            count++;
        }

        return Math.Max(1, (int)(count * RepeatSeconds / watch.Elapsed.TotalSeconds));
    }

    private static string Suffix(int threads) => threads == 0 ? string.Empty : "_threads" + threads.ToString(CultureInfo.InvariantCulture);

    private static string Threads(int threads) => threads == 0 ? "default threads" : "1 thread";
}
