using System.Buffers;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Everything one network call needs besides the weights: the slot table, each step's argument list and
/// <see cref="LayerScratch"/>, and the call's buffers. The buffers belong to the workspace and are handed out in
/// the same order call after call (a network asks for the same sizes each time), so a warm call touches no shared
/// pool and takes no lock; only buffers above <see cref="KeptFloats"/> come from <see cref="ArrayPool{T}"/> and go
/// back when the call ends. A network keeps a few workspaces in a <see cref="WorkspacePool"/>; one serves one call
/// at a time.
/// </summary>
internal sealed class ForwardWorkspace
{
    /// <summary>
    /// The largest buffer a workspace keeps between calls (1 MiB of floats: a 256-sample batch of a 1024-wide layer);
    /// larger ones are rented per call, so a rare huge batch leaves no memory behind.
    /// </summary>
    public const int KeptFloats = 1 << 18;

    private readonly List<float[]> floats = new(8);
    private readonly List<bool[]> masks = new(2);
    private readonly List<float[]> rentedFloats = new(2);
    private readonly List<bool[]> rentedMasks = new(2);
    private int nextFloats;
    private int nextMasks;

    public ForwardWorkspace(int slotCount, IReadOnlyList<NetworkStep> steps, int inputCount, long maxActivationValues = ActivationLimit.DefaultMaxValuesPerSample)
    {
        ArgumentNullException.ThrowIfNull(steps);
        MaxActivationValues = maxActivationValues;
        Slots = new Tensor[slotCount];
        Arguments = [.. steps.Select(s => new Tensor[s.InputSlots.Length])];
        StepScratch = [.. steps.Select(_ => new LayerScratch(this))];
        InputScratch = [.. Enumerable.Range(0, inputCount).Select(_ => new LayerScratch(this))];
        SingleInput = new Tensor[1];
    }

    /// <summary>The network's limit on the values of a layer output per text (<see cref="ActivationLimit"/>).</summary>
    public long MaxActivationValues { get; }

    /// <summary>The call's time limit (started by <see cref="CompiledNetwork.Begin(TimeSpan?, CancellationToken, TimeSpan)"/>, stopped by <see cref="Release"/>).</summary>
    public ComputeBudget Budget { get; } = new();

    /// <summary>The tensor of each slot during the call.</summary>
    public Tensor?[] Slots { get; }

    /// <summary>Per step, the array its inputs are passed in.</summary>
    public Tensor[][] Arguments { get; }

    public LayerScratch[] StepScratch { get; }

    /// <summary>Per network input, memory a caller may build that input in (a vectoriser's output).</summary>
    public LayerScratch[] InputScratch { get; }

    /// <summary>A one-element input list, so a single-input call allocates no list.</summary>
    public Tensor[] SingleInput { get; }

    /// <summary>The floats handed out in the current call so far (what it needs, not the capacity kept).</summary>
    public long CallFloats { get; private set; }

    public float[] RentFloats(int length)
    {
        CallFloats += Math.Max(1, length);
        return Take(floats, ref nextFloats, rentedFloats, length);
    }

    public bool[] RentMask(int length) => Take(masks, ref nextMasks, rentedMasks, length);

    /// <summary>Ends the call: its buffers may be handed out again, rented ones go back, the call's tensors are forgotten.</summary>
    public void Release()
    {
        foreach (var array in rentedFloats)
        {
            ArrayPool<float>.Shared.Return(array);
        }

        foreach (var array in rentedMasks)
        {
            ArrayPool<bool>.Shared.Return(array);
        }

        Budget.Stop();
        rentedFloats.Clear();
        rentedMasks.Clear();
        nextFloats = 0;
        nextMasks = 0;
        CallFloats = 0;
        Array.Clear(Slots);
        Array.Clear(SingleInput);
        foreach (var arguments in Arguments)
        {
            Array.Clear(arguments);
        }
    }

    // The next kept buffer, replaced by a larger one when it is too small; above KeptFloats a rented one.
    private static T[] Take<T>(List<T[]> kept, ref int next, List<T[]> rented, int length)
    {
        length = Math.Max(1, length);
        if (length > KeptFloats)
        {
            var large = ArrayPool<T>.Shared.Rent(length);
            rented.Add(large);
            return large;
        }

        if (next == kept.Count)
        {
            kept.Add(new T[length]);
        }
        else if (kept[next].Length < length)
        {
            kept[next] = new T[length];
        }

        return kept[next++];
    }
}
