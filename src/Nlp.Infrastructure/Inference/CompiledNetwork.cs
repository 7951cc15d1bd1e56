using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// A loaded Keras model ready to run: immutable and safe to call from many threads at once (no locks; each call
/// has its own tensors). Shapes exclude the batch axis; <c>null</c> is a length known only at run time (a
/// variable number of time steps).
/// </summary>
internal sealed class CompiledNetwork
{
    private readonly NetworkStep[] steps;
    private readonly int slotCount;
    private readonly NetworkEndpoint[] inputs;
    private readonly NetworkEndpoint[] outputs;

    public CompiledNetwork(
        string name, IReadOnlyList<NetworkStep> steps, int slotCount, IReadOnlyList<NetworkEndpoint> inputs,
        IReadOnlyList<NetworkEndpoint> outputs, IReadOnlyList<LayerSummary> layers)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(layers);
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException("a network needs at least one input and one output");
        }

        Name = name;
        this.steps = [.. steps];
        this.slotCount = slotCount;
        this.inputs = [.. inputs];
        this.outputs = [.. outputs];
        Layers = [.. layers];
        ParameterCount = layers.Sum(l => l.ParameterCount);
    }

    public string Name { get; }

    /// <summary>The shape of the (first) input, without the batch axis.</summary>
    public int?[] InputShape => [.. inputs[0].Shape];

    public IReadOnlyList<string> InputNames => [.. inputs.Select(i => i.LayerName)];

    /// <summary>The shape of the (first) output, without the batch axis.</summary>
    public int?[] OutputShape => [.. outputs[0].Shape];

    /// <summary>The length of the first output's last axis (the number of scores per sample); 0 when unknown.</summary>
    public int OutputWidth => outputs[0].Shape is { Length: > 0 } shape ? shape[^1] ?? 0 : 1;

    public IReadOnlyList<string> OutputNames => [.. outputs.Select(o => o.LayerName)];

    /// <summary>The shape of the named output (the first when <paramref name="outputName"/> is null), or null if there is none.</summary>
    public int?[]? OutputShapeOf(string? outputName) =>
        outputName is null ? OutputShape : outputs.FirstOrDefault(o => o.LayerName == outputName)?.Shape is { } shape ? [.. shape] : null;

    public long ParameterCount { get; }

    /// <summary>One entry per layer that the outputs depend on, in model order.</summary>
    public IReadOnlyList<LayerSummary> Layers { get; }

    /// <summary>
    /// Runs a batch through a single-input network: <paramref name="input"/> holds <paramref name="batchSize"/>
    /// samples of <see cref="InputShape"/> row-major (one unknown axis is inferred from the length). Returns the
    /// first output, <c>[batchSize, OutputShape...]</c> row-major.
    /// </summary>
    public float[] Forward(ReadOnlySpan<float> input, int batchSize)
    {
        var shape = ResolveShape(inputs[0], input.Length, batchSize);
        var output = Forward(new Tensor(batchSize, shape, input.ToArray()));
        var size = output.Batch * output.SampleSize;
        return output.Data.Length == size ? output.Data : output.Data[..size];
    }

    /// <summary>Runs a batch through a single-input network and returns its first output.</summary>
    public Tensor Forward(Tensor input) => Forward([input]);

    /// <summary>Runs a batch (one tensor per model input, in <see cref="InputNames"/> order); returns the named output, else the first.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputTensors, string? outputName = null)
    {
        var index = 0;
        if (outputName is not null)
        {
            index = Array.FindIndex(outputs, o => o.LayerName == outputName);
            if (index < 0)
            {
                throw new ArgumentException($"the network has no output '{outputName}'", nameof(outputName));
            }
        }

        return Run(inputTensors)[outputs[index].Slot];
    }

    /// <summary>Runs a batch and returns every output, in <see cref="OutputNames"/> order.</summary>
    public IReadOnlyList<Tensor> ForwardAll(IReadOnlyList<Tensor> inputTensors)
    {
        var slots = Run(inputTensors);
        return [.. outputs.Select(o => slots[o.Slot])];
    }

    private Tensor[] Run(IReadOnlyList<Tensor> inputTensors)
    {
        ArgumentNullException.ThrowIfNull(inputTensors);
        if (inputTensors.Count != inputs.Length)
        {
            throw new ArgumentException($"the network takes {inputs.Length} inputs, not {inputTensors.Count}", nameof(inputTensors));
        }

        var slots = new Tensor[slotCount];
        var batch = inputTensors[0].Batch;
        for (var i = 0; i < inputs.Length; i++)
        {
            var tensor = inputTensors[i];
            CheckShape(inputs[i], tensor);
            if (tensor.Batch != batch)
            {
                throw new ArgumentException("all inputs must have the same batch size", nameof(inputTensors));
            }

            slots[inputs[i].Slot] = tensor;
        }

        foreach (var step in steps)
        {
            var arguments = new Tensor[step.InputSlots.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = slots[step.InputSlots[i]];
            }

            slots[step.OutputSlot] = step.Layer.Forward(arguments);
        }

        return slots;
    }

    private static void CheckShape(NetworkEndpoint input, Tensor tensor)
    {
        var expected = input.Shape;
        if (tensor.Shape.Length != expected.Length || expected.Where((d, i) => d is { } known && known != tensor.Shape[i]).Any())
        {
            throw new ArgumentException($"input '{input.LayerName}' has shape {Shapes.Describe(expected)}, not {Shapes.Describe(tensor.Shape)}");
        }
    }

    private static int[] ResolveShape(NetworkEndpoint input, int length, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var known = input.Shape.Where(d => d is not null).Aggregate(1L, (a, d) => a * d!.Value);
        var unknown = input.Shape.Count(d => d is null);
        if (unknown > 1)
        {
            throw new ArgumentException($"input '{input.LayerName}' has {unknown} axes of unknown length: pass a Tensor");
        }

        var perSample = Math.DivRem(length, batchSize, out var rest);
        if (rest != 0 || known == 0 || perSample % known != 0 || (unknown == 0 && perSample != known) || (unknown == 1 && perSample == 0))
        {
            throw new ArgumentException($"{length} values are not {batchSize} samples of input '{input.LayerName}'");
        }

        return [.. input.Shape.Select(d => d ?? (int)(perSample / known))];
    }
}
