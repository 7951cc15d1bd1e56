using System.Numerics.Tensors;
using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Conv1D</c>, channels_last: input <c>[time, channels]</c>, kernel <c>[kernel_size, channels / groups, filters]</c>,
/// optional bias <c>[filters]</c>, then the activation. Padding valid/same/causal, strides, dilation, groups.
/// Keras does not propagate masks through convolutions: the output has none. A long input checks the call's budget
/// every <see cref="ComputeBudget.CheckWork"/> multiply-adds.
/// </summary>
internal sealed class Conv1DLayer(
    string name,
    Conv1DSettings settings,
    float[] kernel,
    float[]? bias,
    KerasActivation activation) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Conv1D";

    public long ParameterCount => kernel.Length + (bias?.Length ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var input = inputs[0];
        var length = input.Shape[0];
        var channels = settings.Channels;
        var filters = settings.Filters;
        var groupChannels = channels / settings.Groups;
        var groupFilters = filters / settings.Groups;
        var geometry = Conv1DGeometry.Of(settings.Padding, length, settings.KernelSize, settings.Stride, settings.Dilation);
        if (geometry.OutputLength <= 0)
        {
            throw new LayerInputException(Name, "Conv1D", $"an input of {length} steps is shorter than the kernel window");
        }

        var output = scratch.Zeros(input.Batch, outputShape.Of([geometry.OutputLength, filters]));
        var stepsPerCheck = ComputeBudget.RowsPerCheck((long)settings.KernelSize * channels * groupFilters);
        for (var b = 0; b < input.Batch; b++)
        {
            var x = input.Sample(b);
            var y = output.Sample(b);
            for (var t = 0; t < geometry.OutputLength; t++)
            {
                budget.CheckAt(((long)b * geometry.OutputLength) + t, stepsPerCheck);
                var row = y.Slice(t * filters, filters);
                bias?.CopyTo(row);
                for (var j = 0; j < settings.KernelSize; j++)
                {
                    var r = (t * settings.Stride) - geometry.PadLeft + (j * settings.Dilation);
                    if (r < 0 || r >= length)
                    {
                        continue;
                    }

                    var step = x.Slice(r * channels, channels);
                    for (var g = 0; g < settings.Groups; g++)
                    {
                        var target = row.Slice(g * groupFilters, groupFilters);
                        for (var c = 0; c < groupChannels; c++)
                        {
                            var weights = kernel.AsSpan((((j * groupChannels) + c) * filters) + (g * groupFilters), groupFilters);
                            TensorPrimitives.MultiplyAdd(weights, step[(g * groupChannels) + c], target, target);
                        }
                    }
                }
            }
        }

        activation.Apply(output.Data.AsSpan(0, input.Batch * output.SampleSize), filters);
        return output;
    }
}
