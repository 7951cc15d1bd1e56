using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// A loaded Keras model ready to run: immutable and safe to call from many threads at once (no locks; each call
/// has its own tensors, in pooled memory: see <see cref="Begin"/>). Shapes exclude the batch axis; <c>null</c> is a length known only at run time (a
/// variable number of time steps).
/// </summary>
internal sealed class CompiledNetwork
{
    private readonly NetworkStep[] steps;
    private readonly int slotCount;
    private readonly NetworkEndpoint[] inputs;
    private readonly NetworkEndpoint[] outputs;
    private readonly WorkspacePool pool;

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
        pool = new WorkspacePool(() => new ForwardWorkspace(this.slotCount, this.steps, this.inputs.Length, MaxActivationValues));
    }

    /// <summary>The most values a layer output may hold per text at run time (<see cref="ActivationLimit"/>).</summary>
    public long MaxActivationValues { get; init; } = ActivationLimit.DefaultMaxValuesPerSample;

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

    /// <summary>The Embedding layers that read a network input directly (the token ids), with their <c>input_dim</c>.</summary>
    public IEnumerable<(string Layer, int InputDim)> EmbeddingsOnInputs()
    {
        foreach (var step in steps)
        {
            if (step.Layer is EmbeddingLayer embedding && step.InputSlots.Any(slot => inputs.Any(i => i.Slot == slot)))
            {
                yield return (embedding.Name, embedding.InputDim);
            }
        }
    }

    /// <summary>
    /// Runs a batch through a single-input network: <paramref name="input"/> holds <paramref name="batchSize"/>
    /// samples of <see cref="InputShape"/> row-major (one unknown axis is inferred from the length). Returns the
    /// first output, <c>[batchSize, OutputShape...]</c> row-major.
    /// </summary>
    public float[] Forward(ReadOnlySpan<float> input, int batchSize)
    {
        var shape = ResolveShape(inputs[0], input.Length, batchSize);
        return Forward(new Tensor(batchSize, shape, input.ToArray())).Data;
    }

    /// <summary>Runs a batch through a single-input network and returns its first output.</summary>
    public Tensor Forward(Tensor input) => Forward([input]);

    /// <summary>
    /// Runs a batch (one tensor per model input, in <see cref="InputNames"/> order); returns the named output, else
    /// the first, in memory of its own (exactly <c>Batch * SampleSize</c> values). <see cref="Begin"/> avoids the copy.
    /// </summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputTensors, string? outputName = null)
    {
        using var call = Begin();
        return Detached(call.Run(inputTensors, outputName));
    }

    /// <summary>Runs a batch and returns every output, in <see cref="OutputNames"/> order, each in memory of its own.</summary>
    public IReadOnlyList<Tensor> ForwardAll(IReadOnlyList<Tensor> inputTensors)
    {
        var workspace = pool.Rent();
        try
        {
            Run(workspace, inputTensors, null);
            return [.. outputs.Select(o => Detached(workspace.Slots[o.Slot]!))];
        }
        finally
        {
            pool.Return(workspace);
        }
    }

    /// <summary>
    /// Starts a call on pooled memory (see <see cref="NetworkCall"/>) that may run for <paramref name="computeLimit"/>
    /// (null: no limit) less the time its request has <paramref name="spent"/> in earlier calls, and until
    /// <paramref name="cancellationToken"/> is cancelled (see <see cref="ComputeBudget"/>).
    /// </summary>
    public NetworkCall Begin(TimeSpan? computeLimit = null, CancellationToken cancellationToken = default, TimeSpan spent = default)
    {
        var workspace = pool.Rent();
        workspace.Budget.Start(computeLimit, cancellationToken, spent);
        return new NetworkCall(this, workspace);
    }

    internal void Return(ForwardWorkspace workspace) => pool.Return(workspace);

    internal Tensor Run(ForwardWorkspace workspace, IReadOnlyList<Tensor> inputTensors, string? outputName)
    {
        var index = OutputIndex(outputName);
        var slots = workspace.Slots;
        Bind(inputTensors, slots);
        for (var s = 0; s < steps.Length; s++)
        {
            workspace.Budget.Check();
            var step = steps[s];
            var arguments = workspace.Arguments[s];
            for (var i = 0; i < arguments.Length; i++)
            {
                arguments[i] = slots[step.InputSlots[i]]!;
            }

            slots[step.OutputSlot] = step.Layer.Forward(arguments, workspace.StepScratch[s]);
        }

        return slots[outputs[index].Slot]!;
    }

    private int OutputIndex(string? outputName)
    {
        if (outputName is null)
        {
            return 0;
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i].LayerName == outputName)
            {
                return i;
            }
        }

        throw new ArgumentException($"the network has no output '{outputName}'", nameof(outputName));
    }

    private void Bind(IReadOnlyList<Tensor> inputTensors, Tensor?[] slots)
    {
        ArgumentNullException.ThrowIfNull(inputTensors);
        if (inputTensors.Count != inputs.Length)
        {
            throw new ArgumentException($"the network takes {inputs.Length} inputs, not {inputTensors.Count}", nameof(inputTensors));
        }

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
    }

    /// <summary>A copy of a call's tensor that outlives the call (values and mask trimmed to the batch).</summary>
    private static Tensor Detached(Tensor tensor)
    {
        var size = tensor.Batch * tensor.SampleSize;
        var mask = tensor.Mask is { } m && tensor.Shape.Length > 0 ? m.AsSpan(0, Math.Min(m.Length, tensor.Batch * tensor.Shape[0])).ToArray() : null;
        return new Tensor(tensor.Batch, [.. tensor.Shape], tensor.Data.AsSpan(0, size).ToArray(), mask);
    }

    private static void CheckShape(NetworkEndpoint input, Tensor tensor)
    {
        var expected = input.Shape;
        var matches = tensor.Shape.Length == expected.Length;
        for (var i = 0; matches && i < expected.Length; i++)
        {
            matches = expected[i] is not { } known || known == tensor.Shape[i];
        }

        if (!matches)
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
