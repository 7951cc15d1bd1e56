using BenchmarkDotNet.Running;
using Nlp.Benchmarks;

// dotnet run -c Release --project bench/Nlp.Benchmarks -- [BenchmarkDotNet arguments, e.g. --filter *]
// dotnet run -c Release --project bench/Nlp.Benchmarks -- load engine|onnx [count]   load time and memory per model
// dotnet run -c Release --project bench/Nlp.Benchmarks -- rounds     driven by bench/peers/numpy_forward.py --dotnet
// dotnet run -c Release --project bench/Nlp.Benchmarks -- quick [dense|lstm]   our forward passes alone, in seconds (kernel work)
// NLP_HUGE_PAGES=0 keeps the packed weights on the pinned heap, as Prediction:HugePages=false does in the service.
if (Environment.GetEnvironmentVariable("NLP_HUGE_PAGES") == "0")
{
    Nlp.Infrastructure.Inference.Kernels.WeightMemory.Configure(useHugePages: false);
}

if (args.Length > 0 && args[0] == "load")
{
    return LoadMeasurement.Run(args);
}

if (args.Length > 0 && args[0] == "quick")
{
    return QuickTimings.Run(args.Length > 1 ? args[1] : null);
}

if (args.Length > 0 && args[0] == "rounds")
{
    return RoundsServer.Run();
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(SeedDenseForwardBenchmarks).Assembly).Run(args, BenchConfig.Create());
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
