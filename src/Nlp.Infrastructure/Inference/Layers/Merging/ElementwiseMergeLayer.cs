using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Add</c>, <c>Subtract</c>, <c>Multiply</c>, <c>Average</c>, <c>Maximum</c>, <c>Minimum</c>: folds the inputs left
/// to right (Average divides the sum by the count), broadcasting sample shapes as Keras's <c>_Merge</c> does
/// (missing leading axes and size-1 axes repeat). Output mask: <see cref="MergeMasks.And"/>.
/// </summary>
internal sealed class ElementwiseMergeLayer(string name, MergeOperation operation) : ILayer
{
    // Inputs of the same shape need no broadcasting (no allocation); a broadcast output shape is kept.
    private readonly KeptShape broadcastShape = new();

    public string Name { get; } = name;

    public string ClassName => operation.ToString();

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var shape = inputs[0].Shape;
        for (var i = 1; i < inputs.Count; i++)
        {
            var input = inputs[i];
            if (input.Shape.AsSpan().SequenceEqual(shape))
            {
                continue;
            }

            var next = Broadcasting.Shape(Shapes.Known(shape), Shapes.Known(input.Shape))
                ?? throw new LayerInputException(Name, ClassName, $"shapes {Shapes.Describe(shape)} and {Shapes.Describe(input.Shape)} do not broadcast");
            shape = broadcastShape.Of([.. next.Select(d => d!.Value)]);
        }

        var batch = inputs[0].Batch;
        var output = scratch.Zeros(batch, shape, MergeMasks.And(inputs, scratch));
        var size = output.SampleSize;
        float[]? operand = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var offsets = Broadcasting.SameShape(input.Shape, shape) ? null : Broadcasting.SourceOffsets(input.Shape, shape);
            for (var b = 0; b < batch; b++)
            {
                var x = input.Sample(b);
                var y = output.Sample(b);
                ReadOnlySpan<float> values = x;
                if (offsets is not null)
                {
                    operand ??= scratch.Rent(size);
                    for (var n = 0; n < size; n++)
                    {
                        operand[n] = x[offsets[n]];
                    }

                    values = operand.AsSpan(0, size);
                }

                if (i == 0)
                {
                    values.CopyTo(y);
                    continue;
                }

                Combine(values, y);
            }
        }

        if (operation == MergeOperation.Average)
        {
            var all = output.Data.AsSpan(0, batch * size);
            TensorPrimitives.Divide(all, inputs.Count, all);
        }

        return output;
    }

    private void Combine(ReadOnlySpan<float> x, Span<float> y)
    {
        switch (operation)
        {
            case MergeOperation.Add or MergeOperation.Average:
                TensorPrimitives.Add(y, x, y);
                break;
            case MergeOperation.Subtract:
                TensorPrimitives.Subtract(y, x, y);
                break;
            case MergeOperation.Multiply:
                TensorPrimitives.Multiply(y, x, y);
                break;
            case MergeOperation.Maximum:
                TensorPrimitives.Max(y, x, y);
                break;
            case MergeOperation.Minimum:
                TensorPrimitives.Min(y, x, y);
                break;
            default:
                throw new InvalidOperationException($"unknown merge {operation}");
        }
    }
}
