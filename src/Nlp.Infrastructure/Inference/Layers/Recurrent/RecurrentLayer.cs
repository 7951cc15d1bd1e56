namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// LSTM / GRU / SimpleRNN / CuDNNLSTM / CuDNNGRU at inference, on input <c>[batch, time, features]</c>, following
/// Keras's <c>backend.rnn</c>: the state starts at zeros; <c>go_backwards</c> walks time from the end and returns
/// the sequence in that (reversed) order; a masked step keeps the previous state and outputs the previous output
/// (zeros before the first real step), or zeros when <see cref="RecurrentOptions.ZeroOutputForMask"/>.
/// With return_sequences the output is <c>[time, units]</c> and carries the input mask on, unchanged (even with
/// go_backwards, as Keras does); otherwise the output is the last step's <c>[units]</c> and the mask is dropped.
/// </summary>
internal sealed class RecurrentLayer(
    string name, string className, RecurrentCell cell, RecurrentOptions options, long parameterCount) : ILayer
{
    private readonly int[] unitsShape = [cell.Units];
    private int[]? lastSequenceShape;

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount { get; } = parameterCount;

    public RecurrentOptions Options { get; } = options;

    public int?[] OutputShape(int? steps) => Options.ReturnSequences ? [steps, cell.Units] : [cell.Units];

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>The input projection of every step of every sample in one product, then the recurrence per sample.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var input = inputs[0];
        if (input.Shape.Length != 2 || input.Shape[1] != cell.InputSize)
        {
            throw new LayerInputException(Name, ClassName, $"input shape [{string.Join(", ", input.Shape)}] is not [time, {cell.InputSize}]");
        }

        if (input.Mask is not null && !Options.AcceptsMask)
        {
            throw new LayerInputException(Name, ClassName, "masking is not supported for CuDNN RNNs (Keras raises here too)");
        }

        var steps = input.Shape[0];
        var output = Options.ReturnSequences
            ? scratch.Zeros(input.Batch, SequenceShape(steps), input.Mask)
            : scratch.Zeros(input.Batch, unitsShape);

        var projected = scratch.Rent(Math.Max(1, input.Batch * steps * cell.Width));
        cell.Project(input.Data, input.Batch * steps, projected);
        var state = scratch.Rent(cell.StateSize).AsSpan(0, cell.StateSize);
        var cellScratch = scratch.Rent(cell.ScratchSize);
        for (var b = 0; b < input.Batch; b++)
        {
            var mask = input.Mask is null ? default : new ReadOnlySpan<bool>(input.Mask, b * steps, steps);
            Run(projected.AsSpan(b * steps * cell.Width, steps * cell.Width), steps, mask, state, cellScratch, output.Sample(b));
        }

        return output;
    }

    // The [time, units] shape of the last call, kept so that a warm call allocates none (a race only makes another).
    private int[] SequenceShape(int steps)
    {
        var shape = lastSequenceShape;
        if (shape is null || shape[0] != steps)
        {
            shape = [steps, cell.Units];
            lastSequenceShape = shape;
        }

        return shape;
    }

    private void Run(
        ReadOnlySpan<float> projected, int steps, ReadOnlySpan<bool> mask, Span<float> state, Span<float> scratch, Span<float> output)
    {
        var units = cell.Units;
        var width = cell.Width;
        state.Clear();
        var h = state[..units];
        var lastReal = true;
        for (var k = 0; k < steps; k++)
        {
            var t = Options.GoBackwards ? steps - 1 - k : k;
            var real = mask.IsEmpty || mask[t];
            if (real)
            {
                cell.Step(projected.Slice(t * width, width), state, scratch);
            }

            if (Options.ReturnSequences && (real || !Options.ZeroOutputForMask))
            {
                h.CopyTo(output.Slice(k * units, units));
            }

            lastReal = real;
        }

        if (!Options.ReturnSequences && (lastReal || !Options.ZeroOutputForMask))
        {
            h.CopyTo(output);
        }
    }
}
