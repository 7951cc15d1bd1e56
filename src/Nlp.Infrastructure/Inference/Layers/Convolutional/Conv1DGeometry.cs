namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Output length and left padding of a 1-D window sliding over a sequence, as TensorFlow computes them:
/// <c>valid</c> (no padding), <c>same</c> (output ceil(L / stride), padding split with the smaller half first),
/// <c>causal</c> (Conv1D only: (window - 1) zeros on the left).
/// </summary>
internal readonly record struct Conv1DGeometry(int OutputLength, int PadLeft)
{
    public static Conv1DGeometry Of(string padding, int inputLength, int window, int stride, int dilation)
    {
        var effective = ((window - 1) * dilation) + 1;
        switch (padding)
        {
            case "valid":
                return new(inputLength < effective ? 0 : ((inputLength - effective) / stride) + 1, 0);
            case "same":
                var output = (inputLength + stride - 1) / stride;
                var total = Math.Max(((output - 1) * stride) + effective - inputLength, 0);
                return new(output, total / 2);
            case "causal":
                return new((inputLength + stride - 1) / stride, effective - 1);
            default:
                throw new ArgumentException($"unknown padding '{padding}'", nameof(padding));
        }
    }
}
