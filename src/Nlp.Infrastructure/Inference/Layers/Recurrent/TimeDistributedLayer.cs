using System.Numerics.Tensors;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// TimeDistributed at inference: the wrapped layer applied to every step (masked steps too, as Keras does), the mask
/// passed on. The wrapped layer is a Dense (output = activation(x·W + b) on the last axis; softmax runs over a step's
/// units) or a weightless activation (Dense's kernel null: Activation, or Dropout as identity). A long input checks the
/// call's budget every <see cref="ComputeBudget.CheckWork"/> multiply-adds.
/// </summary>
internal sealed class TimeDistributedLayer(
    string name, int features, int units, float[]? kernel, float[]? bias, KerasActivation activation) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "TimeDistributed";

    public long ParameterCount => (kernel?.LongLength ?? 0) + (bias?.LongLength ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var input = inputs[0];
        if (input.Shape.Length < 2 || input.Shape[^1] != features)
        {
            throw new LayerInputException(Name, ClassName, $"input shape [{string.Join(", ", input.Shape)}] does not end in {features} features");
        }

        var rank = input.Shape.Length;
        Span<int> dimensions = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        input.Shape.CopyTo(dimensions);
        dimensions[^1] = units;
        var output = scratch.Zeros(input.Batch, outputShape.Of(dimensions), input.Mask);
        var rows = input.SampleSize / features;
        var rowsPerCheck = ComputeBudget.RowsPerCheck((long)features * units);
        for (var b = 0; b < input.Batch; b++)
        {
            var source = input.Sample(b);
            var destination = output.Sample(b);
            for (var r = 0; r < rows; r++)
            {
                budget.CheckAt(((long)b * rows) + r, rowsPerCheck);
                var x = source.Slice(r * features, features);
                var y = destination.Slice(r * units, units);
                if (kernel is null)
                {
                    x.CopyTo(y);
                }
                else
                {
                    Dense(x, y);
                }

                activation.Apply(y);
            }
        }

        return output;
    }

    private void Dense(ReadOnlySpan<float> x, Span<float> y)
    {
        bias?.CopyTo(y);
        for (var j = 0; j < x.Length; j++)
        {
            if (x[j] != 0f)
            {
                TensorPrimitives.MultiplyAdd(kernel.AsSpan(j * units, units), x[j], y, y);
            }
        }
    }
}
