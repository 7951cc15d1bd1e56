using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>Activation</c>: applies a Keras activation to a copy of its input (softmax over the last axis).</summary>
internal sealed class ActivationLayer(string name, KerasActivation activation) : ILayer
{
    public string Name { get; } = name;

    public string ClassName => "Activation";

    public long ParameterCount => 0;

    public KerasActivation Activation { get; } = activation;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var input = inputs[0];
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        Activation.Apply(output.Data.AsSpan(0, input.Batch * input.SampleSize), input.Shape.Length == 0 ? 1 : input.Shape[^1]);
        return output;
    }
}
