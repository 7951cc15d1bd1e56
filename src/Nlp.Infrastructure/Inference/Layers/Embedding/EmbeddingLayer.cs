namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras Embedding at inference. Ids arrive as floats and are cast to int32 by truncation toward zero, as Keras's
/// <c>cast(inputs, "int32")</c> does. An id outside [0, input_dim) (or NaN) throws <see cref="LayerInputException"/>:
/// Keras on CPU raises there too (on GPU, TensorFlow would silently give zeros); guessing a row would hide a
/// tokenizer/model mismatch. With <c>mask_zero</c> the mask is input != 0, read from the raw input as Keras does.
/// </summary>
internal sealed class EmbeddingLayer(string name, int inputDim, int outputDim, float[] embeddings, bool maskZero) : ILayer
{
    private int[]? lastShape;

    public string Name { get; } = name;

    public string ClassName => "Embedding";

    /// <summary><c>input_dim</c>: the ids this layer accepts are 0 to <c>input_dim - 1</c>.</summary>
    public int InputDim => inputDim;

    public long ParameterCount => embeddings.LongLength;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(scratch);
        var input = inputs[0];
        if (maskZero && input.Shape.Length != 1)
        {
            throw new LayerInputException(Name, ClassName, $"mask_zero needs an input of shape [time], got [{string.Join(", ", input.Shape)}]");
        }

        var count = input.SampleSize;
        var mask = maskZero ? scratch.RentMask(input.Batch * count) : null;
        var output = scratch.Output(input.Batch, OutputShape(input.Shape), mask);
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

    // The output shape of the last call, kept so that a warm call allocates none (a race only makes another).
    private int[] OutputShape(int[] inputShape)
    {
        var shape = lastShape;
        if (shape is null || shape.Length != inputShape.Length + 1 || !inputShape.AsSpan().SequenceEqual(shape.AsSpan(0, inputShape.Length)))
        {
            shape = [.. inputShape, outputDim];
            lastShape = shape;
        }

        return shape;
    }
}
