using System.Buffers;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// LSTM / GRU / SimpleRNN / CuDNNLSTM / CuDNNGRU at inference, on input <c>[batch, time, features]</c>, following
/// Keras's <c>backend.rnn</c>: the state starts at zeros; <c>go_backwards</c> walks time from the end and returns
/// the sequence in that (reversed) order; a masked step keeps the previous state and outputs the previous output
/// (zeros before the first real step), or zeros when <see cref="RecurrentOptions.ZeroOutputForMask"/>.
/// With return_sequences the output is <c>[time, units]</c> and carries the input mask on, unchanged (even with
/// go_backwards, as Keras does); otherwise the output is the last step's <c>[units]</c> and the mask is dropped.
/// Without a mask, a sequence that starts with a run of one repeated row (the padding in front of a short text)
/// starts from the state kept for that row (<see cref="LeadingRunCache"/>) after the run's first steps, and only
/// the other steps are projected and stepped.
/// </summary>
internal sealed class RecurrentLayer(
    string name, string className, RecurrentCell cell, RecurrentOptions options, long parameterCount) : ILayer
{
    private readonly int[] unitsShape = [cell.Units];
    private readonly LeadingRunCache leadingRuns = new(cell.InputSize, cell.StateSize);
    private readonly KeptShape sequenceShape = new();

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount { get; } = parameterCount;

    public RecurrentOptions Options { get; } = options;

    /// <summary>The states kept for leading runs of a repeated row.</summary>
    internal LeadingRunCache LeadingRuns => leadingRuns;

    public int?[] OutputShape(int? steps) => Options.ReturnSequences ? [steps, cell.Units] : [cell.Units];

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>
    /// The input projection of every step of every sample that is not taken from a kept leading run, in one product,
    /// then the recurrence per sample.
    /// </summary>
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
            ? scratch.Zeros(input.Batch, sequenceShape.Of([steps, cell.Units]), input.Mask)
            : scratch.Zeros(input.Batch, unitsShape);

        var runs = ArrayPool<LeadingRun>.Shared.Rent(input.Batch);
        try
        {
            var rows = FindLeadingRuns(input, steps, runs);
            var projected = scratch.Rent(Math.Max(1, rows * cell.Width));
            cell.Project(rows == input.Batch * steps ? input.Data : StepsToProject(input, steps, runs, rows, scratch), rows, projected, scratch.Budget);
            var state = scratch.Rent(cell.StateSize).AsSpan(0, cell.StateSize);
            var cellScratch = scratch.Rent(cell.ScratchSize);
            var offset = 0;
            for (var b = 0; b < input.Batch; b++)
            {
                var mask = input.Mask is null ? default : new ReadOnlySpan<bool>(input.Mask, b * steps, steps);
                var stepped = steps - runs[b].Skip;
                Run(input.Sample(b), projected.AsSpan(offset * cell.Width, stepped * cell.Width), steps, runs[b], mask, state, cellScratch, output.Sample(b), scratch.Budget);
                offset += stepped;
            }
        }
        finally
        {
            ArrayPool<LeadingRun>.Shared.Return(runs, clearArray: true);
        }

        return output;
    }

    /// <summary>Each sample's leading run and what is kept of it (none with a mask); returns the rows left to project.</summary>
    private int FindLeadingRuns(Tensor input, int steps, LeadingRun[] runs)
    {
        var rows = 0;
        for (var b = 0; b < input.Batch; b++)
        {
            var sample = input.Sample(b);
            var length = input.Mask is null ? leadingRuns.RunLength(sample, steps, Options.GoBackwards) : 0;
            var kept = length > 0 ? leadingRuns.Find(FirstWalkedRow(sample, steps)) : null;
            runs[b] = new LeadingRun(length, Math.Min(length, kept?.Steps ?? 0), kept);
            rows += steps - runs[b].Skip;
        }

        return rows;
    }

    /// <summary>The input rows of the steps each sample still walks (contiguous: the kept run is at one end).</summary>
    private float[] StepsToProject(Tensor input, int steps, LeadingRun[] runs, int rows, LayerScratch scratch)
    {
        var size = cell.InputSize;
        var compact = scratch.Rent(rows * size);
        var offset = 0;
        for (var b = 0; b < input.Batch; b++)
        {
            var stepped = steps - runs[b].Skip;
            var first = Options.GoBackwards ? 0 : runs[b].Skip;
            input.Sample(b).Slice(first * size, stepped * size).CopyTo(compact.AsSpan(offset * size));
            offset += stepped;
        }

        return compact;
    }

    private ReadOnlySpan<float> FirstWalkedRow(ReadOnlySpan<float> sample, int steps) =>
        sample.Slice((Options.GoBackwards ? steps - 1 : 0) * cell.InputSize, cell.InputSize);

    /// <param name="projected">The projections of the steps walked after <c>run.Skip</c>, in input order.</param>
    private void Run(
        ReadOnlySpan<float> sample, ReadOnlySpan<float> projected, int steps, LeadingRun run, ReadOnlySpan<bool> mask, Span<float> state,
        Span<float> scratch, Span<float> output, ComputeBudget budget)
    {
        var units = cell.Units;
        var width = cell.Width;
        var size = cell.StateSize;
        state.Clear();
        if (run.Skip > 0)
        {
            var kept = run.Kept!.States;
            kept.AsSpan((run.Skip - 1) * size, size).CopyTo(state);
            for (var k = 0; Options.ReturnSequences && k < run.Skip; k++)
            {
                kept.AsSpan(k * size, units).CopyTo(output.Slice(k * units, units));
            }
        }

        // A run longer than what is kept is recorded as it is stepped, and kept for the next sequences.
        var record = run.Length > run.Skip && leadingRuns.ShouldRecord(run.Kept)
            ? new float[Math.Min(run.Length, leadingRuns.MaxSteps) * size]
            : null;
        var recordSteps = record is null ? 0 : record.Length / size;
        if (record is not null && run.Skip > 0)
        {
            run.Kept!.States.AsSpan(0, run.Skip * size).CopyTo(record);
        }

        var h = state[..units];
        var lastReal = true;
        for (var k = run.Skip; k < steps; k++)
        {
            if (k % ComputeBudget.RecurrentCheckInterval == 0)
            {
                budget.Check();
            }

            var t = Options.GoBackwards ? steps - 1 - k : k;
            var real = mask.IsEmpty || mask[t];
            if (real)
            {
                var row = Options.GoBackwards ? t : t - run.Skip;
                cell.Step(projected.Slice(row * width, width), state, scratch);
            }

            if (k < recordSteps)
            {
                state.CopyTo(record.AsSpan(k * size, size));
                if (k == recordSteps - 1)
                {
                    leadingRuns.Offer(FirstWalkedRow(sample, steps), record!, recordSteps);
                }
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

    /// <summary>A sample's leading run: its length, the steps taken from <paramref name="Kept"/>, and the kept entry.</summary>
    private readonly record struct LeadingRun(int Length, int Skip, LeadingRunCache.Entry? Kept);
}
