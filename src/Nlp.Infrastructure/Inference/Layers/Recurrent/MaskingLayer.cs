namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras Masking on <c>[batch, time, features]</c>: a step is masked when all its features equal
/// <c>mask_value</c> (compared in float32); the output is the input times any(x != mask_value), so masked steps are
/// zeros, and the mask is <c>[batch, time]</c>. Any incoming mask is replaced, as in Keras.
/// </summary>
internal sealed class MaskingLayer(string name, float maskValue) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "Masking";

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        LayerInputException.ThrowUnlessSequence(this, input);

        var steps = input.Shape[0];
        var features = input.Shape[1];
        var mask = scratch.RentMask(input.Batch * steps);
        var output = scratch.Zeros(input.Batch, input.Shape, mask);
        for (var b = 0; b < input.Batch; b++)
        {
            var source = input.Sample(b);
            var destination = output.Sample(b);
            for (var t = 0; t < steps; t++)
            {
                var step = source.Slice(t * features, features);
                var keep = false;
                foreach (var x in step)
                {
                    if (x != maskValue)
                    {
                        keep = true;
                        break;
                    }
                }

                mask[(b * steps) + t] = keep;
                if (keep)
                {
                    step.CopyTo(destination.Slice(t * features, features));
                }
            }
        }

        return output;
    }
}
