using System.Numerics.Tensors;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Dense</c>: <c>activation(x · kernel + bias)</c> over the last axis (rank-3 inputs are handled per time step,
/// as Keras does). The kernel stays in Keras's <c>[in, units]</c> row-major layout so each input value scales one
/// contiguous kernel row: zero inputs (the many zeros of a count vector, or of a ReLU output) are skipped.
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
        var weights = kernel.AsSpan();
        for (var r = 0; r < rows; r++)
        {
            var x = input.Data.AsSpan(r * InputWidth, InputWidth);
            var y = output.AsSpan(r * Units, Units);
            bias?.CopyTo(y);
            for (var i = 0; i < x.Length; i++)
            {
                var value = x[i];
                if (value != 0f)
                {
                    TensorPrimitives.MultiplyAdd(weights.Slice(i * Units, Units), value, y, y);
                }
            }
        }

        Activation.Apply(output, Units);
        int[] shape = [.. input.Shape[..^1], Units];
        return new Tensor(input.Batch, shape, output, shape.Length > 1 ? input.Mask : null);
    }
}
