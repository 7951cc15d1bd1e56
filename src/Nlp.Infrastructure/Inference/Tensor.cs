namespace Nlp.Infrastructure.Inference;

/// <summary>
/// A batch of same-shaped samples, row-major <c>[batch, shape...]</c> in <see cref="Data"/>.
/// <see cref="Shape"/> excludes the batch axis. <see cref="Mask"/>, when a layer produced one (Embedding with
/// <c>mask_zero</c>, Masking), is <c>[batch, timesteps]</c>: <c>true</c> where the step is real.
/// </summary>
internal sealed class Tensor
{
    public Tensor(int batch, int[] shape, float[] data, bool[]? mask = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        SampleSize = 1;
        foreach (var d in shape)
        {
            SampleSize *= d;
        }

        if (data.Length < batch * SampleSize)
        {
            throw new ArgumentException($"{data.Length} values cannot hold {batch} samples of shape [{string.Join(", ", shape)}].", nameof(data));
        }

        Batch = batch;
        Shape = shape;
        Data = data;
        Mask = mask;
    }

    public int Batch { get; }

    public int[] Shape { get; }

    public float[] Data { get; }

    public bool[]? Mask { get; }

    public int SampleSize { get; }

    public Span<float> Sample(int index) => Data.AsSpan(index * SampleSize, SampleSize);

    public static Tensor Zeros(int batch, int[] shape, bool[]? mask = null)
    {
        var size = batch;
        foreach (var d in shape)
        {
            size *= d;
        }

        return new Tensor(batch, shape, new float[size], mask);
    }
}
