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
        Shape = shape;
        Data = data;
        Reset(batch, shape, data, mask);
    }

    public int Batch { get; private set; }

    public int[] Shape { get; private set; }

    /// <summary>The values; may be longer than <c>Batch * SampleSize</c> (a pooled buffer): only that prefix counts.</summary>
    public float[] Data { get; private set; }

    public bool[]? Mask { get; private set; }

    public int SampleSize { get; private set; }

    /// <summary>
    /// Points this tensor at other values. Only a <see cref="LayerScratch"/> does this, to its own tensor, between
    /// network calls; a tensor handed to callers never changes.
    /// </summary>
    internal void Reset(int batch, int[] shape, float[] data, bool[]? mask)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        var size = 1;
        foreach (var d in shape)
        {
            size *= d;
        }

        if (data.Length < (long)batch * size)
        {
            throw new ArgumentException($"{data.Length} values cannot hold {batch} samples of shape [{string.Join(", ", shape)}].", nameof(data));
        }

        Batch = batch;
        Shape = shape;
        Data = data;
        Mask = mask;
        SampleSize = size;
    }

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
