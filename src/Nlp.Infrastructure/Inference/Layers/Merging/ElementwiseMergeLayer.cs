using System.Numerics.Tensors;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Add</c>, <c>Subtract</c>, <c>Multiply</c>, <c>Average</c>, <c>Maximum</c>, <c>Minimum</c>: folds the inputs left
/// to right (Average divides the sum by the count), broadcasting sample shapes as Keras's <c>_Merge</c> does
/// (missing leading axes and size-1 axes repeat). Output mask: <see cref="MergeMasks.And"/>.
/// </summary>
internal sealed class ElementwiseMergeLayer(string name, MergeOperation operation) : ILayer
{
    // The output shape and each input's broadcast offsets for the last input shapes seen (immutable once made, so
    // concurrent calls may share it; calls with other shapes at the same time only make more plans).
    private BroadcastPlan? lastPlan;

    public string Name { get; } = name;

    public string ClassName => operation.ToString();

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var plan = Plan(inputs);
        var shape = plan.OutputShape;
        var batch = inputs[0].Batch;
        var output = scratch.Zeros(batch, shape, MergeMasks.And(inputs, scratch));
        var size = output.SampleSize;
        float[]? operand = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var offsets = plan.Offsets[i];
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

    private BroadcastPlan Plan(IReadOnlyList<Tensor> inputs)
    {
        var plan = lastPlan;
        if (plan is not null && plan.Fits(inputs))
        {
            return plan;
        }

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
            shape = [.. next.Select(d => d!.Value)];
        }

        var offsets = new int[]?[inputs.Count];
        var inputShapes = new int[inputs.Count][];
        for (var i = 0; i < inputs.Count; i++)
        {
            inputShapes[i] = inputs[i].Shape;
            offsets[i] = Broadcasting.SameShape(inputs[i].Shape, shape) ? null : Broadcasting.SourceOffsets(inputs[i].Shape, shape);
        }

        plan = new BroadcastPlan(inputShapes, shape, offsets);
        lastPlan = plan;
        return plan;
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

    /// <summary>What a merge of inputs of <see cref="InputShapes"/> computes once: the output shape and, for each input
    /// whose shape differs from it, where each output value reads from (null: the same position).</summary>
    private sealed class BroadcastPlan(int[][] inputShapes, int[] outputShape, int[]?[] offsets)
    {
        public int[][] InputShapes { get; } = inputShapes;

        public int[] OutputShape { get; } = outputShape;

        public int[]?[] Offsets { get; } = offsets;

        public bool Fits(IReadOnlyList<Tensor> inputs)
        {
            if (inputs.Count != InputShapes.Length)
            {
                return false;
            }

            for (var i = 0; i < inputs.Count; i++)
            {
                if (!inputs[i].Shape.AsSpan().SequenceEqual(InputShapes[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
