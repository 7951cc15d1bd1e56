using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Keras GRU step, gates in Keras order z, r, h.
/// reset_after false (Keras 2 default): z = ra(x_z + h·U_z), r = ra(x_r + h·U_r), hh = a(x_h + (r*h)·U_h).
/// reset_after true (tf.keras 2 / Keras 3 default, CuDNNGRU): with the recurrent bias b_r,
/// m = h·U + b_r, z = ra(x_z + m_z), r = ra(x_r + m_r), hh = a(x_h + r*m_h).
/// Both: h = z*h + (1 - z)*hh.
/// </summary>
internal sealed class GruCell(
    int inputSize, int units, float[] kernel, float[]? inputBias, float[] recurrentKernel, float[]? recurrentBias,
    bool resetAfter, KerasActivation activation, KerasActivation recurrentActivation)
    : RecurrentCell(inputSize, units, 3 * units, kernel, inputBias)
{
    // reset_after: h·U in one product. Otherwise the z and r gates' columns, and the candidate's, apart: the
    // candidate multiplies r*h, known only after the gates.
    private readonly PackedMatrix gates = resetAfter
        ? PackedMatrix.Pack(recurrentKernel, units, 3 * units)
        : PackColumns(recurrentKernel, units, 3 * units, 0, 2 * units);

    private readonly PackedMatrix? candidate = resetAfter ? null : PackColumns(recurrentKernel, units, 3 * units, 2 * units, units);

    public override int StateSize => Units;

    public override int ScratchSize => 4 * Units;

    public override void Step(ReadOnlySpan<float> projected, Span<float> state, Span<float> scratch)
    {
        var u = Units;
        var h = state[..u];
        var m = scratch[..(3 * u)];
        var hh = scratch.Slice(3 * u, u);
        if (resetAfter)
        {
            if (recurrentBias is null)
            {
                m.Clear();
            }
            else
            {
                recurrentBias.CopyTo(m);
            }

            AddProduct(gates, h, m);
        }
        else
        {
            m[..(2 * u)].Clear();
            AddProduct(gates, h, m[..(2 * u)]);
        }

        var z = m[..u];
        var r = m.Slice(u, u);
        for (var k = 0; k < u; k++)
        {
            z[k] += projected[k];
            r[k] += projected[u + k];
        }

        recurrentActivation.Apply(z);
        recurrentActivation.Apply(r);

        projected.Slice(2 * u, u).CopyTo(hh);
        if (resetAfter)
        {
            var mh = m.Slice(2 * u, u);
            for (var k = 0; k < u; k++)
            {
                hh[k] += r[k] * mh[k];
            }
        }
        else
        {
            var rh = m.Slice(2 * u, u);
            for (var k = 0; k < u; k++)
            {
                rh[k] = r[k] * h[k];
            }

            AddProduct(candidate!, rh, hh);
        }

        activation.Apply(hh);
        for (var k = 0; k < u; k++)
        {
            h[k] = (z[k] * h[k]) + ((1f - z[k]) * hh[k]);
        }
    }
}
