using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The per-step math of one recurrent layer. Weights are packed once at load (<see cref="PackedMatrix"/>: the input
/// kernel <c>[input, width]</c> here, the recurrent kernel <c>[units, width]</c> in each cell as it needs it); the
/// input projection x·W + b is computed for every step of every sample in one pass, then <see cref="Step"/> runs
/// the recurrence. Immutable: all per-call memory is passed in. The state span holds h first (it is also the
/// output), then any further state (the LSTM cell state c).
/// </summary>
internal abstract class RecurrentCell
{
    private readonly PackedMatrix kernel;
    private readonly float[]? inputBias;

    protected RecurrentCell(int inputSize, int units, int width, float[] kernel, float[]? inputBias)
    {
        InputSize = inputSize;
        Units = units;
        Width = width;
        this.kernel = PackedMatrix.Pack(kernel, inputSize, width);
        this.inputBias = inputBias;
    }

    public int InputSize { get; }

    public int Units { get; }

    /// <summary>Width of one step's input projection (4u for LSTM, 3u for GRU, u for SimpleRNN).</summary>
    public int Width { get; }

    public abstract int StateSize { get; }

    public abstract int ScratchSize { get; }

    /// <summary>
    /// projected[r] = x[r]·W + b for <paramref name="rows"/> rows of <see cref="InputSize"/> features (steps of samples),
    /// in parts that check <paramref name="budget"/> between them.
    /// </summary>
    public void Project(float[] inputs, int rows, float[] projected, ComputeBudget budget) =>
        PackedMultiply.Run(kernel, inputs, rows, inputBias, accumulate: false, relu: false, projected, budget: budget);

    /// <summary>Advances the state by one unmasked step whose input projection is <paramref name="projected"/>.</summary>
    public abstract void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch);

    /// <summary>accumulator += h · matrix, reading every row (a state has few exact zeros to skip).</summary>
    protected static void AddProduct(PackedMatrix matrix, ReadOnlySpan<float> h, Span<float> accumulator) =>
        PackedMultiply.AddRow(matrix, h, accumulator);

    /// <summary>Columns <c>[start, start + count)</c> of a row-major <c>[rows, columns]</c> matrix, packed.</summary>
    protected static PackedMatrix PackColumns(float[] matrix, int rows, int columns, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var part = new float[rows * count];
        for (var r = 0; r < rows; r++)
        {
            matrix.AsSpan((r * columns) + start, count).CopyTo(part.AsSpan(r * count, count));
        }

        return PackedMatrix.Pack(part, rows, count);
    }
}
