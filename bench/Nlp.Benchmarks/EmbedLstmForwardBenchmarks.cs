using BenchmarkDotNet.Attributes;

namespace Nlp.Benchmarks;

/// <summary>
/// Forward pass of the Embedding(5000, 64) - LSTM(64) - Dense(6, softmax) text model on 50 padded ids (a sample text:
/// 35 padding ids, then 15 tokens), batch 1:
/// ONNX Runtime (the same weights exported with the gates reordered) and our engine (<see cref="ForwardBenchmarks"/>).
/// The numpy peer is timed by bench/peers/numpy_forward.py on the same ids.
/// </summary>
public class EmbedLstmForwardBenchmarks : ForwardBenchmarks
{
    [Params(1)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var ids = BenchInputs.LstmIds(Batch);
        var path = BenchPaths.Onnx("embed_lstm");
        Prepare("embed_lstm", Batch, BenchInputs.LstmExpected(Batch),
            threads => OnnxForward.ForIds(path, (long[])ids.Clone(), Batch, intraOpThreads: threads),
            EngineNetworks.IdsTensor(ids, Batch));
    }
}
