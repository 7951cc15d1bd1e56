using System.Numerics.Tensors;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras LSTM step, gates in Keras order i, f, c, o:
/// i = ra(x_i + h·U_i), f = ra(x_f + h·U_f), c = f*c + i*a(x_c + h·U_c), o = ra(x_o + h·U_o), h = o*a(c).
/// </summary>
internal sealed class LstmCell(
    int inputSize, int units, float[] kernel, float[]? bias, float[] recurrentKernel,
    KerasActivation activation, KerasActivation recurrentActivation)
    : RecurrentCell(inputSize, units, 4 * units, kernel, bias)
{
    private readonly PackedMatrix recurrent = PackedMatrix.Pack(recurrentKernel, units, 4 * units);

    public override int StateSize => 2 * Units;

    public override int ScratchSize => 4 * Units;

    public override void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch)
    {
        var u = Units;
        var h = state[..u];
        var c = state.Slice(u, u);
        var z = scratch[..(4 * u)];
        projected.CopyTo(z);
        AddProduct(recurrent, h, z);

        var i = z[..u];
        var f = z.Slice(u, u);
        var g = z.Slice(2 * u, u);
        var o = z.Slice(3 * u, u);
        recurrentActivation.Apply(i);
        recurrentActivation.Apply(f);
        activation.Apply(g);
        recurrentActivation.Apply(o);

        TensorPrimitives.Multiply(f, c, c);
        TensorPrimitives.MultiplyAdd(i, g, c, c);

        c.CopyTo(g);
        activation.Apply(g);
        TensorPrimitives.Multiply(o, g, h);
    }
}
