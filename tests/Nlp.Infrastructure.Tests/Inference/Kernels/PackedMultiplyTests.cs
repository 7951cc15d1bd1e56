using System.Runtime.CompilerServices;
using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// The packed Dense kernels (sparse rows, register-blocked dense rows, the portable fallback) against plain loops on
/// random weights: batches of 1 to 8, 13, 33 and 256 (every shape of a last block, AVX-512 blocks of up to 4 rows and AVX2 blocks of up to 6), sparse and dense inputs, full and narrow panels, within 1e-5.
/// </summary>
public sealed class PackedMultiplyTests
{
    private const float Tolerance = 1e-5f;

    public static TheoryData<int, int, int, InputKind> Cases()
    {
        var cases = new TheoryData<int, int, int, InputKind>();
        foreach (var kind in Enum.GetValues<InputKind>())
        {
            foreach (var batch in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 13, 33 })
            {
                cases.Add(batch, 1000, 1024, kind);  // the seed's middle layer
                cases.Add(batch, 1024, 6, kind);     // its output layer: one narrow panel
                cases.Add(batch, 37, 100, kind);     // a full panel and a 36-wide one
            }

            cases.Add(256, 300, 130, kind);
            cases.Add(256, 5, 17, kind);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_plain_loops_with_bias_and_relu(int batch, int inner, int columns, InputKind kind)
    {
        var (w, packed, x) = Setup(batch, inner, columns, kind);
        var bias = ReferenceMath.Weights(columns, 0.5f, 3);
        foreach (var relu in new[] { false, true })
        {
            var expected = ReferenceMath.Multiply(x, batch, w, inner, columns, bias, null, relu);
            foreach (var width in Widths())
            {
                foreach (var threads in new[] { 1, 3 })
                {
                    var actual = new float[batch * columns];
                    PackedMultiply.Run(packed, x, batch, bias, accumulate: false, relu, actual, width, threads);
                    ReferenceMath.AssertClose(expected, actual, Tolerance, $"{width}, relu={relu}, {threads} threads");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_plain_loops_without_bias_and_when_accumulating(int batch, int inner, int columns, InputKind kind)
    {
        var (w, packed, x) = Setup(batch, inner, columns, kind);
        var noBias = new float[batch * columns];
        PackedMultiply.Run(packed, x, batch, null, accumulate: false, relu: false, noBias);
        ReferenceMath.AssertClose(ReferenceMath.Multiply(x, batch, w, inner, columns, null, null, relu: false), noBias, Tolerance, "no bias");

        var start = ReferenceMath.Weights(batch * columns, 1f, 4);
        var expected = ReferenceMath.Multiply(x, batch, w, inner, columns, null, start, relu: false);
        foreach (var width in Widths())
        {
            var accumulated = (float[])start.Clone();
            PackedMultiply.Run(packed, x, batch, null, accumulate: true, relu: false, accumulated, width, threads: 2);
            ReferenceMath.AssertClose(expected, accumulated, Tolerance, $"{width} accumulate");
        }
    }

    [Theory]
    [InlineData(64, 256)]
    [InlineData(37, 100)]
    [InlineData(1, 6)]
    public void A_recurrent_row_product_adds_to_its_output(int inner, int columns)
    {
        var w = ReferenceMath.Weights(inner * columns, 0.1f, 7);
        var packed = PackedMatrix.Pack(w, inner, columns);
        var h = ReferenceMath.Inputs(InputKind.Dense, inner, 8);
        var start = ReferenceMath.Weights(columns, 1f, 9);
        var expected = ReferenceMath.Multiply(h, 1, w, inner, columns, null, start, relu: false);
        foreach (var width in Widths())
        {
            var output = (float[])start.Clone();
            PackedMultiply.AddRow(packed, h, output, width);
            ReferenceMath.AssertClose(expected, output, Tolerance, width.ToString());
        }
    }

    [Fact]
    public void Packing_keeps_every_value_and_pads_the_last_panel_to_whole_vectors()
    {
        var w = ReferenceMath.Weights(7 * 70, 1f, 5);
        var packed = PackedMatrix.Pack(w, 7, 70);

        Assert.Equal(2, packed.PanelCount);
        Assert.Equal(64, packed.PanelStride(0));
        Assert.Equal(6, packed.PanelColumns(1));
        Assert.Equal(16, packed.PanelStride(1));
        Assert.Equal((7 * 64) + (7 * 16), packed.Memory.Length);
        Assert.Equal(packed.Memory.Length, packed.PanelOffset(1) + (7 * 16));
        Assert.All(packed.Panel(1).ToArray().Where((_, i) => i % 16 >= 6), value => Assert.Equal(0f, value));
        for (var k = 0; k < 7; k++)
        {
            for (var c = 0; c < 70; c++)
            {
                Assert.Equal(w[(k * 70) + c], packed[k, c]);
            }
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 70)]
    [InlineData(1000, 1024)]
    [InlineData(129, 6)]
    public unsafe void Every_panel_row_starts_on_a_cache_line(int rows, int columns)
    {
        var packed = PackedMatrix.Pack(ReferenceMath.Weights(rows * columns, 1f, 3), rows, columns);

        for (var panel = 0; panel < packed.PanelCount; panel++)
        {
            foreach (var row in new[] { 0, rows / 2, rows - 1 })
            {
                var address = (ulong)Unsafe.AsPointer(ref Unsafe.Add(ref packed.PanelStart(panel), row * packed.PanelStride(panel)));
                Assert.Equal(0UL, address % PackedMatrix.Alignment);
            }
        }

        // Pinned heap or native memory: a full compacting collection does not move it off the line.
        var before = (nint)packed.Memory.Start;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.Equal(before, (nint)packed.Memory.Start);
        Assert.Equal(before, (nint)Unsafe.AsPointer(ref packed.PanelStart(0)));
        Assert.Equal(ReferenceMath.Weights(rows * columns, 1f, 3)[(rows - 1) * columns], packed[rows - 1, 0]);
    }

    [Fact]
    public void Nan_and_infinite_inputs_propagate_as_in_the_plain_product()
    {
        var w = ReferenceMath.Weights(20 * 64, 1f, 6);
        var packed = PackedMatrix.Pack(w, 20, 64);
        var x = new float[20 * 4];
        x[3] = float.NaN;
        x[20 + 5] = float.PositiveInfinity;
        var y = new float[4 * 64];

        PackedMultiply.Run(packed, x, 4, null, accumulate: false, relu: true, y);

        Assert.All(y.AsSpan(0, 64).ToArray(), v => Assert.True(float.IsNaN(v)));
        Assert.All(y.AsSpan(64, 64).ToArray(), v => Assert.True(float.IsNaN(v) || float.IsPositiveInfinity(v) || v == 0f));
        Assert.All(y.AsSpan(128).ToArray(), v => Assert.Equal(0f, v));
    }

    /// <summary>
    /// Every kernel set, whatever this processor accelerates: .NET runs the vector operations it does not accelerate in
    /// software, with the same results (a fused multiply-add stays fused), so a machine without AVX-512 still checks the
    /// AVX-512 kernels' arithmetic and block shapes (only their speed needs the hardware).
    /// </summary>
    private static IEnumerable<KernelWidth> Widths() => [KernelWidth.Vector512, KernelWidth.Vector256, KernelWidth.Portable];

    private static (float[] W, PackedMatrix Packed, float[] X) Setup(int batch, int inner, int columns, InputKind kind)
    {
        var w = ReferenceMath.Weights(inner * columns, 0.1f, 1);
        var x = ReferenceMath.Inputs(kind, batch * inner, 2);
        return (w, PackedMatrix.Pack(w, inner, columns), x);
    }
}
