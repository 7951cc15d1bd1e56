using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Keras SimpleRNN step: h = a(x·W + b + h·U).</summary>
internal sealed class SimpleRnnCell(
    int inputSize, int units, float[] kernel, float[]? bias, float[] recurrentKernel, KerasActivation activation)
    : RecurrentCell(inputSize, units, units, kernel, bias)
{
    private readonly PackedMatrix recurrent = PackedMatrix.Pack(recurrentKernel, units, units);

    public override int StateSize => Units;

    public override int ScratchSize => Units;

    public override void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch)
    {
        var h = state[..Units];
        var next = scratch[..Units];
        projected.CopyTo(next);
        AddProduct(recurrent, h, next);
        activation.Apply(next);
        next.CopyTo(h);
    }
}
