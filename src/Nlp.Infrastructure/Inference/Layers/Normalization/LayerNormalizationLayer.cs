namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>LayerNormalization</c> over the trailing <paramref name="normalizedSize"/> values of each sample: population
/// mean and variance, <c>inv = gamma / sqrt(variance + epsilon)</c>, <c>y = x * inv + (beta - mean * inv)</c>.
/// The mask passes through.
/// </summary>
internal sealed class LayerNormalizationLayer(string name, int normalizedSize, float epsilon, float[]? gamma, float[]? beta) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "LayerNormalization";

    public long ParameterCount => (gamma?.Length ?? 0) + (beta?.Length ?? 0);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        var data = output.Data.AsSpan(0, output.Batch * output.SampleSize);
        for (var start = 0; start < data.Length; start += normalizedSize)
        {
            var row = data.Slice(start, normalizedSize);
            var sum = 0.0;
            foreach (var x in row)
            {
                sum += x;
            }

            var mean = (float)(sum / normalizedSize);
            var squares = 0.0;
            foreach (var x in row)
            {
                var d = x - mean;
                squares += d * d;
            }

            var variance = (float)(squares / normalizedSize);
            var inv = 1f / MathF.Sqrt(variance + epsilon);
            for (var i = 0; i < row.Length; i++)
            {
                var scale = gamma is null ? inv : inv * gamma[i];
                row[i] = (row[i] * scale) + ((beta?[i] ?? 0f) - (mean * scale));
            }
        }

        return output;
    }
}
