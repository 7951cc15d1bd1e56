using Nlp.Infrastructure.Inference.Kernels;

namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// <see cref="NonZeroRows"/> against a plain loop, for every vector width on any processor (the AVX-512 and AVX2 scans
/// run in software where not accelerated): row lengths around the vector widths, densities from a count vector's to
/// a dense row's, NaN (kept), negative zero (dropped), several rows, and arrays kept from a longer earlier scan.
/// </summary>
public sealed class NonZeroRowsTests
{
    public static TheoryData<int, int, double> Cases()
    {
        var cases = new TheoryData<int, int, double>();
        foreach (var width in new[] { 1, 7, 8, 9, 15, 16, 17, 33, 1000 })
        {
            foreach (var density in new[] { 0.0, 0.01, 0.5, 0.9, 1.0 })
            {
                cases.Add(1, width, density);
                cases.Add(3, width, density);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Finds_the_entries_a_plain_loop_finds(int rows, int width, double density)
    {
        var x = Row(rows * width, density, seed: (rows * 7919) + width);
        foreach (var kernels in Widths())
        {
            using var found = NonZeroRows.Find(x, rows, width, kernels);
            AssertSameEntries(x, rows, width, found, kernels);
            Assert.Equal(x.Count(v => v != 0f), NonZeroRows.Count(x, kernels));
        }
    }

    [Fact]
    public void Keeps_nan_and_drops_negative_zero()
    {
        var x = new float[19];
        x[2] = float.NaN;
        x[3] = -0f;
        x[9] = float.NegativeInfinity;
        x[10] = -0f;
        x[18] = float.Epsilon;
        foreach (var kernels in Widths())
        {
            using var found = NonZeroRows.Find(x, 1, x.Length, kernels);
            Assert.Equal([2, 9, 18], found.Indices[..3]);
            Assert.Equal(3, found.Offsets[1]);
            Assert.True(float.IsNaN(found.Values[0]), $"{kernels}");
            Assert.Equal(3, NonZeroRows.Count(x, kernels));
        }
    }

    [Fact]
    public void A_short_scan_after_a_long_one_reports_only_its_own_entries()
    {
        foreach (var kernels in Widths())
        {
            var dense = Row(3000, 1.0, seed: 5);
            using (NonZeroRows.Find(dense, 3, 1000, kernels))
            {
            }

            var sparse = new float[40];
            sparse[13] = 2f;
            sparse[31] = 3f;
            using var found = NonZeroRows.Find(sparse, 2, 20, kernels);
            Assert.Equal([0, 1, 2], found.Offsets[..3]);
            Assert.Equal([13, 11], found.Indices[..2]);
            Assert.Equal([2f, 3f], found.Values[..2]);
        }
    }

    private static IEnumerable<KernelWidth> Widths() => [KernelWidth.Vector512, KernelWidth.Vector256, KernelWidth.Portable];

    private static float[] Row(int length, double density, int seed)
    {
        var random = new Random(seed);
        var x = new float[length];
        for (var i = 0; i < length; i++)
        {
            x[i] = random.NextDouble() < density ? (float)(random.NextDouble() + 0.1) * (random.Next(2) == 0 ? -1 : 1) : 0f;
        }

        return x;
    }

    private static void AssertSameEntries(float[] x, int rows, int width, NonZeroRows found, KernelWidth kernels)
    {
        var next = 0;
        for (var r = 0; r < rows; r++)
        {
            Assert.True(found.Offsets[r] == next, $"{kernels}: row {r} starts at {found.Offsets[r]}, not {next}");
            for (var c = 0; c < width; c++)
            {
                var v = x[(r * width) + c];
                if (v != 0f)
                {
                    Assert.True(found.Indices[next] == c && found.Values[next] == v, $"{kernels}: entry {next} is ({found.Indices[next]}, {found.Values[next]}), not ({c}, {v})");
                    next++;
                }
            }
        }

        Assert.Equal(next, found.Offsets[rows]);
    }
}
