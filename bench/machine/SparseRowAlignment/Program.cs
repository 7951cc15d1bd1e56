// How the sparse kernel's speed depends on where its weight rows start: the kernel of
// src/Nlp.Infrastructure/Inference/Kernels/SparsePanelKernel.cs (two non-zero inputs per step, 64 columns in four
// Vector512 accumulators) over rows that start on a cache line, 16 bytes past one, or 32 bytes past one, for
//   - a 64-row panel in L1 with 32 non-zero inputs (the rate of the kernel itself), and
//   - the seed network's middle layer at batch 1: 1000 x 1024 weights (4 MB), 500 non-zero inputs, the 16 panels
//     stored one after another (rows of 64 floats) or in groups of four (rows of 256 floats, 1 KB).
// docs/benchmarks.md ("What the fourth round changed") has the figures.
//   dotnet run -c Release --project bench/machine/SparseRowAlignment
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

const int Panel = 64;
var rng = new Random(1);
var weights = GC.AllocateArray<float>((1000 * 1024) + 64, pinned: true);
for (var i = 0; i < weights.Length; i++)
{
    weights[i] = (float)rng.NextDouble();
}

var aligned = (int)((64 - ((ulong)Marshal.UnsafeAddrOfPinnedArrayElement(weights, 0) % 64)) % 64) / sizeof(float);
var output = new float[1024];

foreach (var offsetBytes in new[] { 0, 16, 32 })
{
    var start = aligned + (offsetBytes / sizeof(float));
    var (indices, values) = NonZeros(rng, 64, 32);
    var ns = Time(() => SparseRow(ref weights[start], Panel, ref indices[0], ref values[0], 32, ref output[0]));
    Console.WriteLine($"L1 panel, rows {offsetBytes,2} B past a line: {ns,8:F1} ns per 32 rows, {32 * 4 / ns:F2} zmm FMA per ns");
}

var (layerIndices, layerValues) = NonZeros(rng, 1000, 500);
foreach (var (offsetBytes, stride) in new[] { (0, 64), (16, 64), (32, 64), (0, 256) })
{
    var start = aligned + (offsetBytes / sizeof(float));
    var ns = Time(() =>
    {
        for (var p = 0; p < 16; p++)
        {
            var group = p / (stride / Panel);
            var first = start + (group * 1000 * stride) + (p % (stride / Panel) * Panel);
            SparseRow(ref weights[first], stride, ref layerIndices[0], ref layerValues[0], 500, ref output[p * Panel]);
        }
    });
    Console.WriteLine($"1000x1024 layer, rows of {stride * 4,4} B, {offsetBytes,2} B past a line: {ns / 1000,6:F2} µs per pass");
}

static (int[] Indices, float[] Values) NonZeros(Random rng, int rows, int count)
{
    var indices = Enumerable.Range(0, rows).OrderBy(_ => rng.Next()).Take(count).Order().Append(0).ToArray();
    var values = indices.Select(_ => (float)rng.NextDouble()).ToArray();
    return (indices, values);
}

static double Time(Action call)
{
    var best = double.MaxValue;
    for (var round = 0; round < 7; round++)
    {
        var loops = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 300)
        {
            call();
            loops++;
        }

        best = Math.Min(best, watch.Elapsed.TotalNanoseconds / loops);
    }

    return best;
}

[MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
static void SparseRow(ref float panel, int stride, ref int indices, ref float values, int count, ref float output)
{
    Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
    for (var n = 0; n + 1 < count; n += 2)
    {
        var v = Vector512.Create(Unsafe.Add(ref values, n));
        ref var row = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n) * stride);
        var u = Vector512.Create(Unsafe.Add(ref values, n + 1));
        ref var next = ref Unsafe.Add(ref panel, (nint)Unsafe.Add(ref indices, n + 1) * stride);
        a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row), v, a0);
        a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 16), v, a1);
        a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 32), v, a2);
        a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref row, 48), v, a3);
        b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next), u, b0);
        b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 16), u, b1);
        b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 32), u, b2);
        b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref next, 48), u, b3);
    }

    (a0 + b0).StoreUnsafe(ref output);
    (a1 + b1).StoreUnsafe(ref output, 16);
    (a2 + b2).StoreUnsafe(ref output, 32);
    (a3 + b3).StoreUnsafe(ref output, 48);
}
