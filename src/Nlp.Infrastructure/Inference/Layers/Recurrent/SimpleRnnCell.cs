using Nlp.Infrastructure.Inference.Activations;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Keras SimpleRNN step: h = a(x·W + b + h·U).</summary>
internal sealed class SimpleRnnCell(
    int inputSize, int units, float[] kernel, float[]? bias, float[] recurrentKernel, KerasActivation activation)
    : RecurrentCell(inputSize, units, units, kernel, bias, recurrentKernel)
{
    public override int StateSize => Units;

    public override int ScratchSize => Units;

    public override void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch)
    {
        var h = state[..Units];
        var next = scratch[..Units];
        projected.CopyTo(next);
        AddRowCombination(h, RecurrentKernel, Units, 0, Units, next);
        activation.Apply(next);
        next.CopyTo(h);
    }
}
