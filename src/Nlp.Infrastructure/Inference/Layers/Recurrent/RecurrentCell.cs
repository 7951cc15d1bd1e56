using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// The per-step math of one recurrent layer. Weights are packed once, row-major as Keras stores them
/// (<c>kernel [input, width]</c>, <c>recurrent_kernel [units, width]</c>); the input projection x·W + b is computed
/// for all steps in one pass, then <see cref="Step"/> runs the recurrence. Immutable: all per-call memory is passed in.
/// The state span holds h first (it is also the output), then any further state (the LSTM cell state c).
/// </summary>
internal abstract class RecurrentCell
{
    private readonly float[] kernel;
    private readonly float[]? inputBias;

    protected RecurrentCell(int inputSize, int units, int width, float[] kernel, float[]? inputBias, float[] recurrentKernel)
    {
        InputSize = inputSize;
        Units = units;
        Width = width;
        this.kernel = kernel;
        this.inputBias = inputBias;
        RecurrentKernel = recurrentKernel;
    }

    public int InputSize { get; }

    public int Units { get; }

    /// <summary>Width of one step's input projection (4u for LSTM, 3u for GRU, u for SimpleRNN).</summary>
    public int Width { get; }

    public abstract int StateSize { get; }

    public abstract int ScratchSize { get; }

    protected float[] RecurrentKernel { get; }

    /// <summary>
    /// projected[t] = x[t]·W + b for <paramref name="steps"/> steps of <see cref="InputSize"/> features, skipping
    /// the steps <paramref name="mask"/> marks false (their projection is never read).
    /// </summary>
    public void Project(ReadOnlySpan<float> inputs, int steps, ReadOnlySpan<bool> mask, Span<float> projected)
    {
        for (var t = 0; t < steps; t++)
        {
            if (!mask.IsEmpty && !mask[t])
            {
                continue;
            }

            var destination = projected.Slice(t * Width, Width);
            if (inputBias is null)
            {
                destination.Clear();
            }
            else
            {
                inputBias.CopyTo(destination);
            }

            AddRowCombination(inputs.Slice(t * InputSize, InputSize), kernel, Width, 0, Width, destination);
        }
    }

    /// <summary>Advances the state by one unmasked step whose input projection is <paramref name="projected"/>.</summary>
    public abstract void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch);

    /// <summary>accumulator += Σ_j coefficients[j] · matrix[j, offset .. offset + accumulator.Length].</summary>
    protected static void AddRowCombination(
        ReadOnlySpan<float> coefficients, ReadOnlySpan<float> matrix, int rowWidth, int offset, int count, Span<float> accumulator)
    {
        for (var j = 0; j < coefficients.Length; j++)
        {
            var c = coefficients[j];
            if (c != 0f)
            {
                TensorPrimitives.MultiplyAdd(matrix.Slice((j * rowWidth) + offset, count), c, accumulator, accumulator);
            }
        }
    }
}
