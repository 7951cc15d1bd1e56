namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Where one network step puts its output during one network call: buffers rented from the call's
/// <see cref="ForwardWorkspace"/> (returned when the call ends) and one <see cref="Tensor"/> object reused call after
/// call, so a warm network call allocates nothing. A scratch made with <c>new LayerScratch()</c> belongs to no call
/// and allocates every buffer and tensor (its results belong to the caller).
/// </summary>
internal sealed class LayerScratch
{
    private readonly ForwardWorkspace? workspace;
    private Tensor? output;
    private LayerScratch[]? inner;

    public LayerScratch()
        : this(ComputeBudget.Unlimited)
    {
    }

    /// <summary>A scratch of no call whose layers check <paramref name="budget"/> and <paramref name="maxActivationValues"/> (tests).</summary>
    internal LayerScratch(ComputeBudget budget, long maxActivationValues = ActivationLimit.DefaultMaxValuesPerSample)
    {
        Budget = budget;
        MaxActivationValues = maxActivationValues;
    }

    internal LayerScratch(ForwardWorkspace workspace)
    {
        this.workspace = workspace;
        Budget = workspace.Budget;
        MaxActivationValues = workspace.MaxActivationValues;
    }

    /// <summary>The call's time limit: long-running layers call <see cref="ComputeBudget.Check"/> as they go.</summary>
    public ComputeBudget Budget { get; }

    /// <summary>The most values a layer output (or a layer's own buffer) may hold per text (<see cref="ActivationLimit"/>).</summary>
    public long MaxActivationValues { get; }

    /// <summary>
    /// The scratch of a layer that this step's layer runs inside it (a Bidirectional layer's two directions), number
    /// <paramref name="index"/>: the same call's buffers and limits, its own reused output tensor, so the inner layers'
    /// outputs live side by side. Kept with this scratch, so a warm call allocates none.
    /// </summary>
    public LayerScratch Inner(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (inner is null || inner.Length <= index)
        {
            Array.Resize(ref inner, index + 1);
        }

        return inner[index] ??= workspace is null ? new LayerScratch(Budget, MaxActivationValues) : new LayerScratch(workspace);
    }

    /// <summary>The step's output <c>[batch, shape...]</c>; its values are undefined until the layer writes them all.</summary>
    public Tensor Output(int batch, int[] shape, bool[]? mask = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var data = Rent(batch * SampleSize(shape));
        if (workspace is null)
        {
            return new Tensor(batch, shape, data, mask);
        }

        if (output is null)
        {
            output = new Tensor(batch, shape, data, mask);
        }
        else
        {
            output.Reset(batch, shape, data, mask);
        }

        return output;
    }

    /// <summary>The step's output filled with zeros.</summary>
    public Tensor Zeros(int batch, int[] shape, bool[]? mask = null)
    {
        var tensor = Output(batch, shape, mask);
        tensor.Data.AsSpan(0, batch * tensor.SampleSize).Clear();
        return tensor;
    }

    /// <summary>A buffer of at least <paramref name="length"/> floats (contents undefined) that lives as long as the call.</summary>
    public float[] Rent(int length) => workspace?.RentFloats(length) ?? new float[length];

    /// <summary>A mask buffer of at least <paramref name="length"/> entries, all false, that lives as long as the call.</summary>
    public bool[] RentMask(int length)
    {
        if (workspace is null)
        {
            return new bool[length];
        }

        var mask = workspace.RentMask(length);
        mask.AsSpan(0, length).Clear();
        return mask;
    }

    // The values per sample, refused above the limit before anything is allocated.
    private int SampleSize(int[] shape) => ActivationLimit.Checked("a layer output", shape, MaxActivationValues);
}
