using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Nlp.Benchmarks;

/// <summary>
/// One in-process job (no child build: the engine reference is switched by an MSBuild property that a generated
/// project would not see), a fixed number of iterations so a full run stays within minutes on 2 cores, median and
/// p95 next to the mean, allocations, and GitHub-markdown + JSON reports in bench/out/results/bdn.
/// </summary>
internal static class BenchConfig
{
    public static IConfig Create() => ManualConfig.CreateEmpty()
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(6)
            .WithIterationCount(20)
            .WithId("InProcess"))
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddColumn(StatisticColumn.Median, StatisticColumn.P95)
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
        .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full)
        .WithArtifactsPath(Path.Combine(BenchPaths.Results, "bdn"));
}
