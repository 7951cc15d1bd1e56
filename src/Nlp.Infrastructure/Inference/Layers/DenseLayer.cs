using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Dense</c>: <c>activation(x · kernel + bias)</c> over the last axis (rank-3 inputs are handled per time step,
/// as Keras does). The kernel is packed at load into column panels (<see cref="PackedMatrix"/>, its only copy);
/// <see cref="PackedMultiply"/> skips zero inputs (the many zeros of a count vector or of a ReLU output), runs a
/// register-blocked kernel on dense batches, and adds the bias and applies ReLU while the outputs are in registers.
/// Other activations run on the output afterwards.
/// </summary>
internal sealed class DenseLayer : ILayer
{
    private readonly PackedMatrix kernel;
    private readonly float[]? bias;
    private readonly bool fusedRelu;
    private readonly int[] unitsShape;

    public DenseLayer(string name, int inputWidth, int units, float[] kernel, float[]? bias, KerasActivation activation)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(activation);
        if (kernel.Length != (long)inputWidth * units || (bias is not null && bias.Length != units))
        {
            throw new ArgumentException($"a [{inputWidth}, {units}] Dense layer needs {inputWidth * units} kernel and {units} bias values");
        }

        Name = name;
        InputWidth = inputWidth;
        Units = units;
        this.kernel = PackedMatrix.Pack(kernel, inputWidth, units);
        this.bias = bias;
        Activation = activation;
        fusedRelu = activation.Kind == ActivationKind.Relu;
        unitsShape = [units];
    }

    public string Name { get; }

    public string ClassName => "Dense";

    public int InputWidth { get; }

    public int Units { get; }

    public KerasActivation Activation { get; }

    public long ParameterCount => kernel.ParameterCount + (bias?.LongLength ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        var input = CheckInput(inputs);
        var rows = input.Batch * (input.SampleSize / InputWidth);
        var output = new float[rows * Units];
        Compute(input, rows, output, ComputeBudget.Unlimited);
        int[] shape = [.. input.Shape[..^1], Units];
        return new Tensor(input.Batch, shape, output, shape.Length > 1 ? input.Mask : null);
    }

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var input = CheckInput(inputs);
        var rows = input.Batch * (input.SampleSize / InputWidth);
        var output = scratch.Output(input.Batch, OutputShape(input.Shape), input.Shape.Length > 1 ? input.Mask : null);
        Compute(input, rows, output.Data, scratch.Budget);
        return output;
    }

    // A Dense over many steps runs in parts that check the call's budget between them.
    private void Compute(Tensor input, int rows, float[] output, ComputeBudget budget)
    {
        PackedMultiply.Run(kernel, input.Data, rows, bias, accumulate: false, fusedRelu, output, budget: budget);
        if (!fusedRelu)
        {
            Activation.Apply(output.AsSpan(0, rows * Units), Units);
        }
    }

    private int[] OutputShape(int[] inputShape) =>
        inputShape.Length == 1 ? unitsShape : [.. inputShape[..^1], Units];

    private Tensor CheckInput(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        if (input.Shape.Length == 0 || input.Shape[^1] != InputWidth)
        {
            throw new ArgumentException($"layer '{Name}' expects a last axis of {InputWidth}, not [{string.Join(", ", input.Shape)}]");
        }

        return input;
    }
}
