using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras LSTM step, gates in Keras order i, f, c, o:
/// i = ra(x_i + h·U_i), f = ra(x_f + h·U_f), c = f*c + i*a(x_c + h·U_c), o = ra(x_o + h·U_o), h = o*a(c).
/// When the recurrent activation works element by element (all but softmax, which normalises each gate), it runs
/// once over the adjacent i and f gates; the cell update is one pass.
/// </summary>
internal sealed class LstmCell(
    int inputSize, int units, float[] kernel, float[]? bias, float[] recurrentKernel,
    KerasActivation activation, KerasActivation recurrentActivation, bool elementwiseGates = true)
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
        if (elementwiseGates)
        {
            recurrentActivation.Apply(z[..(2 * u)]);
        }
        else
        {
            recurrentActivation.Apply(i);
            recurrentActivation.Apply(f);
        }

        activation.Apply(g);
        recurrentActivation.Apply(o);

        // c = f*c + i*g, also kept in g's slot for a(c).
        UpdateCell(i, f, g, c);
        activation.Apply(g);
        TensorPrimitives.Multiply(o, g, h);
    }

    private static void UpdateCell(ReadOnlySpan<float> i, ReadOnlySpan<float> f, Span<float> g, Span<float> c)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref var ri = ref MemoryMarshal.GetReference(i);
            ref var rf = ref MemoryMarshal.GetReference(f);
            ref var rg = ref MemoryMarshal.GetReference(g);
            ref var rc = ref MemoryMarshal.GetReference(c);
            for (; k + Vector512<float>.Count <= c.Length; k += Vector512<float>.Count)
            {
                var next = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ri, (nuint)k), Vector512.LoadUnsafe(ref rg, (nuint)k),
                    Vector512.LoadUnsafe(ref rf, (nuint)k) * Vector512.LoadUnsafe(ref rc, (nuint)k));
                next.StoreUnsafe(ref rc, (nuint)k);
                next.StoreUnsafe(ref rg, (nuint)k);
            }
        }

        for (; k < c.Length; k++)
        {
            c[k] = MathF.FusedMultiplyAdd(i[k], g[k], f[k] * c[k]);
            g[k] = c[k];
        }
    }
}
