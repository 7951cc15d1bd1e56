namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>BatchNormalization</c> at inference: per channel of the normalized axis,
/// <c>inv = gamma / sqrt(moving_variance + epsilon)</c> and <c>y = x * inv + (beta - moving_mean * inv)</c>
/// (tf.nn.batch_normalization). The mask passes through.
/// </summary>
internal sealed class BatchNormalizationLayer(string name, int axis, float[] multiplier, float[] offset) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "BatchNormalization";

    public long ParameterCount { get; init; }

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        var channels = input.Shape[axis];
        var inner = Shapes.Product(input.Shape.AsSpan(axis + 1));
        var data = output.Data.AsSpan(0, output.Batch * output.SampleSize);
        if (inner == 1)
        {
            for (var start = 0; start < data.Length; start += channels)
            {
                var row = data.Slice(start, channels);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, multiplier, offset, row);
            }

            return output;
        }

        for (var start = 0; start < data.Length; start += channels * inner)
        {
            for (var c = 0; c < channels; c++)
            {
                var block = data.Slice(start + (c * inner), inner);
                System.Numerics.Tensors.TensorPrimitives.Multiply(block, multiplier[c], block);
                System.Numerics.Tensors.TensorPrimitives.Add(block, offset[c], block);
            }
        }

        return output;
    }
}
