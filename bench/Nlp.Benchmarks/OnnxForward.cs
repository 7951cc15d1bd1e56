using Microsoft.ML.OnnxRuntime;

namespace Nlp.Benchmarks;

/// <summary>
/// One ONNX Runtime session with its input and output bound once to pinned managed arrays, so a run allocates as
/// little as ONNX Runtime allows: the fastest way to call it from .NET (CPU execution provider, all graph
/// optimisations on).
/// </summary>
internal sealed class OnnxForward : IDisposable
{
    private static readonly string[] InputNames = ["counts"];
    private static readonly string[] IdsInputNames = ["ids"];
    private static readonly string[] OutputNames = ["scores"];

    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();
    private readonly OrtValue input;
    private readonly OrtValue output;
    private readonly string[] inputNames;
    private readonly OrtValue[] inputs;
    private readonly OrtValue[] outputs;

    private OnnxForward(string modelPath, int intraOpThreads, OrtValue input, int batch, bool ids)
    {
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = intraOpThreads,
        };
        session = new InferenceSession(modelPath, options);
        this.input = input;
        Scores = new float[batch * BenchInputs.Labels];
        output = OrtValue.CreateTensorValueFromMemory(Scores, [batch, BenchInputs.Labels]);
        inputNames = ids ? IdsInputNames : InputNames;
        inputs = [input];
        outputs = [output];
    }

    /// <summary>The output of the last <see cref="Run"/>: <c>[batch, 6]</c>.</summary>
    public float[] Scores { get; }

    /// <param name="intraOpThreads">0: ONNX Runtime's default (one thread per physical core).</param>
    public static OnnxForward ForCounts(string modelPath, float[] counts, int batch, int intraOpThreads) =>
        new(modelPath, intraOpThreads, OrtValue.CreateTensorValueFromMemory(counts, [batch, counts.Length / batch]), batch, ids: false);

    public static OnnxForward ForIds(string modelPath, long[] ids, int batch, int intraOpThreads) =>
        new(modelPath, intraOpThreads, OrtValue.CreateTensorValueFromMemory(ids, [batch, ids.Length / batch]), batch, ids: true);

    public float[] Run()
    {
        session.Run(runOptions, inputNames, inputs, OutputNames, outputs);
        return Scores;
    }

    public void Dispose()
    {
        input.Dispose();
        output.Dispose();
        runOptions.Dispose();
        session.Dispose();
    }
}
