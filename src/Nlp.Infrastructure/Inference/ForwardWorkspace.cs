using System.Buffers;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// Everything one network call needs besides the weights: the slot table, each step's argument list and
/// <see cref="LayerScratch"/>, and the buffers rented for the call, all returned by <see cref="Release"/>.
/// A network keeps a few of these in a <see cref="WorkspacePool"/>; one is used by one call at a time.
/// </summary>
internal sealed class ForwardWorkspace
{
    private readonly List<float[]> floats = new(16);
    private readonly List<bool[]> masks = new(4);

    public ForwardWorkspace(int slotCount, IReadOnlyList<NetworkStep> steps, int inputCount)
    {
        ArgumentNullException.ThrowIfNull(steps);
        Slots = new Tensor[slotCount];
        Arguments = [.. steps.Select(s => new Tensor[s.InputSlots.Length])];
        StepScratch = [.. steps.Select(_ => new LayerScratch(this))];
        InputScratch = [.. Enumerable.Range(0, inputCount).Select(_ => new LayerScratch(this))];
        SingleInput = new Tensor[1];
    }

    /// <summary>The tensor of each slot during the call.</summary>
    public Tensor?[] Slots { get; }

    /// <summary>Per step, the array its inputs are passed in.</summary>
    public Tensor[][] Arguments { get; }

    public LayerScratch[] StepScratch { get; }

    /// <summary>Per network input, memory a caller may build that input in (a vectoriser's output).</summary>
    public LayerScratch[] InputScratch { get; }

    /// <summary>A one-element input list, so a single-input call allocates no list.</summary>
    public Tensor[] SingleInput { get; }

    public float[] RentFloats(int length)
    {
        var array = ArrayPool<float>.Shared.Rent(Math.Max(1, length));
        floats.Add(array);
        return array;
    }

    public bool[] RentMask(int length)
    {
        var array = ArrayPool<bool>.Shared.Rent(Math.Max(1, length));
        masks.Add(array);
        return array;
    }

    /// <summary>Returns every rented buffer and forgets the call's tensors.</summary>
    public void Release()
    {
        foreach (var array in floats)
        {
            ArrayPool<float>.Shared.Return(array);
        }

        foreach (var array in masks)
        {
            ArrayPool<bool>.Shared.Return(array);
        }

        floats.Clear();
        masks.Clear();
        Array.Clear(Slots);
        Array.Clear(SingleInput);
        foreach (var arguments in Arguments)
        {
            Array.Clear(arguments);
        }
    }
}
