namespace Nlp.Infrastructure.Inference;

/// <summary>
/// One use of a <see cref="CompiledNetwork"/> with pooled memory: build the input in <see cref="InputScratch"/>, call
/// <see cref="Run"/>, read the output, then dispose. The output and every buffer of the call are only valid until
/// <see cref="Dispose"/>, which hands the memory to the next call; a warm call allocates nothing.
/// </summary>
internal readonly struct NetworkCall : IDisposable
{
    private readonly CompiledNetwork network;
    private readonly ForwardWorkspace workspace;

    internal NetworkCall(CompiledNetwork network, ForwardWorkspace workspace)
    {
        this.network = network;
        this.workspace = workspace;
    }

    /// <summary>The floats of pooled memory the call has used so far (its input included).</summary>
    public long RentedFloats => workspace.CallFloats;

    /// <summary>Memory for the (first) network input.</summary>
    public LayerScratch InputScratch => workspace.InputScratch[0];

    /// <summary>Runs a single-input network; returns the named output (the first when null), valid until disposal.</summary>
    public Tensor Run(Tensor input, string? outputName = null)
    {
        workspace.SingleInput[0] = input;
        return network.Run(workspace, workspace.SingleInput, outputName);
    }

    /// <summary>Runs with one tensor per network input; returns the named output (the first when null).</summary>
    public Tensor Run(IReadOnlyList<Tensor> inputs, string? outputName = null) => network.Run(workspace, inputs, outputName);

    public void Dispose() => network.Return(workspace);
}
