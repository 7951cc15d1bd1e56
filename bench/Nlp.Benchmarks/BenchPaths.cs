namespace Nlp.Benchmarks;

/// <summary>
/// Where the generated benchmark files are: <c>NLP_BENCH_OUT</c>, else the <c>bench/out</c> folder found by walking up
/// from the executable (bench/models/make_bench_models.py and bench/peers/export_onnx.py write it).
/// </summary>
internal static class BenchPaths
{
    private static readonly Lazy<string> OutFolder = new(Locate);

    public static string Out => OutFolder.Value;

    public static string Models => Path.Combine(Out, "models");

    public static string ModelFolder(string name) => Path.Combine(Models, name);

    public static string Input(string file) => Path.Combine(Out, "inputs", file);

    public static string Onnx(string name) => Path.Combine(Out, "onnx", name + ".onnx");

    public static string Results => Directory.CreateDirectory(Path.Combine(Out, "results")).FullName;

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("NLP_BENCH_OUT") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "out");
            if (Directory.Exists(Path.Combine(candidate, "inputs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "bench/out not found: run /usr/bin/python3 bench/models/make_bench_models.py and bench/peers/export_onnx.py first, " +
            "or set NLP_BENCH_OUT.");
    }
}
