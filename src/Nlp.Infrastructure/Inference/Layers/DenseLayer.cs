using System.Numerics.Tensors;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Dense</c>: <c>activation(x · kernel + bias)</c> over the last axis (rank-3 inputs are handled per time step,
/// as Keras does). The kernel stays in Keras's <c>[in, units]</c> row-major layout so each input value scales one
/// contiguous kernel row: zero inputs (the many zeros of a count vector, or of a ReLU output) are skipped, and each
/// kernel row is read once per batch rather than once per sample.
/// </summary>
internal sealed class DenseLayer : ILayer
{
    private readonly float[] kernel;
    private readonly float[]? bias;

    public DenseLayer(string name, int inputWidth, int units, float[] kernel, float[]? bias, KerasActivation activation)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        if (kernel.Length != (long)inputWidth * units || (bias is not null && bias.Length != units))
        {
            throw new ArgumentException($"a [{inputWidth}, {units}] Dense layer needs {inputWidth * units} kernel and {units} bias values");
        }

        Name = name;
        InputWidth = inputWidth;
        Units = units;
        this.kernel = kernel;
        this.bias = bias;
        Activation = activation;
    }

    public string Name { get; }

    public string ClassName => "Dense";

    public int InputWidth { get; }

    public int Units { get; }

    public KerasActivation Activation { get; }

    public long ParameterCount => kernel.LongLength + (bias?.LongLength ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        if (input.Shape.Length == 0 || input.Shape[^1] != InputWidth)
        {
            throw new ArgumentException($"layer '{Name}' expects a last axis of {InputWidth}, not [{string.Join(", ", input.Shape)}]");
        }

        var rows = input.Batch * (input.SampleSize / InputWidth);
        var output = new float[rows * Units];
        if (bias is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                bias.CopyTo(output.AsSpan(r * Units, Units));
            }
        }

        // Kernel row i is read once per batch and added into every sample whose input i is not zero.
        var x = input.Data;
        for (var i = 0; i < InputWidth; i++)
        {
            var row = kernel.AsSpan(i * Units, Units);
            for (var r = 0; r < rows; r++)
            {
                var value = x[(r * InputWidth) + i];
                if (value != 0f)
                {
                    var y = output.AsSpan(r * Units, Units);
                    TensorPrimitives.MultiplyAdd(row, value, y, y);
                }
            }
        }

        Activation.Apply(output, Units);
        int[] shape = [.. input.Shape[..^1], Units];
        return new Tensor(input.Batch, shape, output, shape.Length > 1 ? input.Mask : null);
    }
}
