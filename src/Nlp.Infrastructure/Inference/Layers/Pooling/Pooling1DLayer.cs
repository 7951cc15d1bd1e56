namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>MaxPooling1D</c> / <c>AveragePooling1D</c>, channels_last, padding valid/same. With <c>same</c> padding the
/// padded positions are ignored: max over the real steps, average divided by the number of real steps (as
/// TensorFlow's pooling does). Keras pooling layers do not support masking: the output has no mask. A long input with
/// a wide pool checks the call's budget every <see cref="ComputeBudget.CheckWork"/> operations.
/// </summary>
internal sealed class Pooling1DLayer(string name, string className, bool average, int poolSize, int stride, string padding) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var input = inputs[0];
        var length = input.Shape[0];
        var channels = input.Shape[1];
        var geometry = Conv1DGeometry.Of(padding, length, poolSize, stride, 1);
        if (geometry.OutputLength <= 0)
        {
            throw new LayerInputException(Name, ClassName, $"an input of {length} steps is shorter than pool_size {poolSize}");
        }

        var output = scratch.Zeros(input.Batch, outputShape.Of([geometry.OutputLength, channels]));
        var stepsPerCheck = ComputeBudget.RowsPerCheck((long)poolSize * channels);
        for (var b = 0; b < input.Batch; b++)
        {
            var x = input.Sample(b);
            var y = output.Sample(b);
            for (var t = 0; t < geometry.OutputLength; t++)
            {
                budget.CheckAt(((long)b * geometry.OutputLength) + t, stepsPerCheck);
                var first = Math.Max((t * stride) - geometry.PadLeft, 0);
                var end = Math.Min((t * stride) - geometry.PadLeft + poolSize, length);
                var row = y.Slice(t * channels, channels);
                x.Slice(first * channels, channels).CopyTo(row);
                for (var r = first + 1; r < end; r++)
                {
                    var step = x.Slice(r * channels, channels);
                    if (average)
                    {
                        System.Numerics.Tensors.TensorPrimitives.Add(row, step, row);
                    }
                    else
                    {
                        System.Numerics.Tensors.TensorPrimitives.Max(row, step, row);
                    }
                }

                if (average)
                {
                    System.Numerics.Tensors.TensorPrimitives.Divide(row, end - first, row);
                }
            }
        }

        return output;
    }
}
