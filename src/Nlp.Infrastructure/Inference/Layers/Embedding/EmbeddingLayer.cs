namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras Embedding at inference. Ids arrive as floats and are cast to int32 by truncation toward zero, as Keras's
/// <c>cast(inputs, "int32")</c> does. An id outside [0, input_dim) (or NaN) throws <see cref="LayerInputException"/>:
/// Keras on CPU raises there too (on GPU, TensorFlow would silently give zeros); guessing a row would hide a
/// tokenizer/model mismatch. With <c>mask_zero</c> the mask is input != 0, read from the raw input as Keras does.
/// </summary>
internal sealed class EmbeddingLayer(string name, int inputDim, int outputDim, float[] embeddings, bool maskZero) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "Embedding";

    public long ParameterCount => embeddings.LongLength;

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        if (maskZero && input.Shape.Length != 1)
        {
            throw new LayerInputException(Name, ClassName, $"mask_zero needs an input of shape [time], got [{string.Join(", ", input.Shape)}]");
        }

        var count = input.SampleSize;
        var mask = maskZero ? new bool[input.Batch * count] : null;
        var output = Tensor.Zeros(input.Batch, [.. input.Shape, outputDim], mask);
        for (var b = 0; b < input.Batch; b++)
        {
            var ids = input.Sample(b);
            var destination = output.Sample(b);
            for (var i = 0; i < count; i++)
            {
                var value = ids[i];
                var id = float.IsNaN(value) || value <= -1f || value >= inputDim ? -1 : (int)value;
                if (id < 0)
                {
                    throw new LayerInputException(Name, ClassName, $"token id {value} at position {i} is outside [0, {inputDim}) (input_dim)");
                }

                embeddings.AsSpan(id * outputDim, outputDim).CopyTo(destination.Slice(i * outputDim, outputDim));
                if (mask is not null)
                {
                    mask[(b * count) + i] = value != 0f;
                }
            }
        }

        return output;
    }
}
