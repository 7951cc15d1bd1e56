using BenchmarkDotNet.Attributes;

namespace Nlp.Benchmarks;

/// <summary>
/// The same text model as <see cref="EmbedLstmForwardBenchmarks"/> on a text that fills the 50 steps (no padding), so
/// every step of the recurrence is a real token and none starts from kept states (<c>LeadingRunCache</c>).
/// </summary>
public class EmbedLstmFullForwardBenchmarks : ForwardBenchmarks
{
    [Params(1)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ids = BenchInputs.LstmFullIds();
        var path = BenchPaths.Onnx("embed_lstm");
        Prepare("embed_lstm", Batch, BenchInputs.LstmFullExpected(),
            threads => OnnxForward.ForIds(path, (long[])ids.Clone(), Batch, intraOpThreads: threads),
            EngineNetworks.IdsTensor(ids, Batch));
    }
}
