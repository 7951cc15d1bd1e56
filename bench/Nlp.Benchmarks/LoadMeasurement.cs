using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.OnnxRuntime;
using Nlp.Domain;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Benchmarks;

/// <summary>
/// Model load time and resident memory per loaded model (the seed-sized model): loads it <c>count</c> times, keeps every
/// copy alive, and reports the cold (first) load, the median of the others, and the managed-heap and working-set growth
/// per copy against the weights' own bytes. <c>engine</c>: the whole model folder through our loader (architecture,
/// H5 weights, pickles, serving.yaml checks); <c>onnx</c>: an ONNX Runtime session of the exported network (its peer).
/// Run each in its own process: <c>load engine 20</c>, <c>load onnx 20</c>; a fourth argument names the result file
/// (<c>load engine 20 r2r</c> writes <c>load_engine_r2r.json</c>: the same run from a ReadyToRun publish).
/// </summary>
internal static class LoadMeasurement
{
    private const string Model = "seed_dense";

    public static int Run(string which, int count, string? label = null)
    {
        Func<object>? load = which switch
        {
            "onnx" => LoadOnnx,
            "engine" => LoadEngine,
            _ => null,
        };
        if (load is null)
        {
            Console.Error.WriteLine($"'{which}': expected engine or onnx.");
            return 2;
        }

        var weightBytes = JsonNode.Parse(File.ReadAllText(BenchPaths.Input("models.json")))![Model]!["weight_bytes"]!.GetValue<long>();
        var kept = new List<object>(count);
        var (managedBefore, workingSetBefore) = Memory();
        var milliseconds = new double[count];
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            kept.Add(load());
            milliseconds[i] = watch.Elapsed.TotalMilliseconds;
        }

        var (managedAfter, workingSetAfter) = Memory();
        var warm = milliseconds.Skip(1).Order().ToArray();
        var result = new JsonObject
        {
            ["what"] = which == "onnx" ? "ONNX Runtime InferenceSession of seed_dense.onnx" : "engine: KerasModelFolderLoader.Load(seed_dense)",
            ["count"] = count,
            ["cold_first_load_ms"] = Math.Round(milliseconds[0], 2),
            ["median_load_ms"] = Math.Round(warm.Length > 0 ? warm[warm.Length / 2] : milliseconds[0], 2),
            ["managed_bytes_per_model"] = (managedAfter - managedBefore) / count,
            ["working_set_bytes_per_model"] = (workingSetAfter - workingSetBefore) / count,
            ["weight_bytes"] = weightBytes,
            ["working_set_per_weight_byte"] = Math.Round((double)(workingSetAfter - workingSetBefore) / count / weightBytes, 3),
        };
        GC.KeepAlive(kept);
        var text = result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        Console.WriteLine(text);
        File.WriteAllText(Path.Combine(BenchPaths.Results, label is null ? $"load_{which}.json" : $"load_{which}_{label}.json"), text);
        foreach (var item in kept)
        {
            (item as IDisposable)?.Dispose();
        }

        return 0;
    }

    public static int Run(string[] args)
    {
        var which = args.Length > 1 ? args[1] : "engine";
        var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        return Run(which, count, args.Length > 3 ? args[3] : null);
    }

    private static InferenceSession LoadOnnx() => new(BenchPaths.Onnx(Model));

    private static object LoadEngine() =>
        EngineNetworks.Loader.Load(ModelIdentifier.Parse(Model), BenchPaths.ModelFolder(Model), CancellationToken.None);

    /// <summary>
    /// Live managed bytes and the working set after an aggressive full collection, which also hands the memory of
    /// transient load buffers (file bytes, weights before packing) back to the OS: what stays is what a loaded model holds.
    /// </summary>
    private static (long Managed, long WorkingSet) Memory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (managed, process.WorkingSet64);
    }
}
