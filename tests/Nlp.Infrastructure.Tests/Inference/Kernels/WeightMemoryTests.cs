using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nlp.Infrastructure.Inference.Kernels;
using Nlp.Infrastructure.ModelRepository;
using Nlp.Infrastructure.Tests.ModelRepository;

namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// Where packed weights live (<see cref="WeightMemory"/>): a seed-sized matrix on Linux outside the GC heap at a
/// 2 MiB boundary, marked for transparent huge pages where the kernel offers them (read back from
/// <c>/proc/self/smaps</c>), freed once unreachable; small matrices and the setting off on the pinned heap; the same
/// products either way. Alone, because the setting and the native-bytes count are process-wide.
/// </summary>
[Collection(WeightMemoryAlone.Name)]
public sealed class WeightMemoryTests
{
    private const int SeedLayer = 1000 * 1024; // floats: 4,096,000 bytes

    [Fact]
    public unsafe void A_large_matrix_on_linux_lies_on_a_huge_page_boundary_marked_for_huge_pages()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "huge pages are asked for on Linux only");
        var memory = WeightMemory.Allocate(SeedLayer, useHugePages: true);

        Assert.True(memory.IsNative);
        Assert.Equal(0L, (long)memory.Start % WeightMemory.HugePageBytes);
        Assert.Equal(4L << 20, memory.AllocatedBytes); // 3.9 MiB rounded up to two huge pages: 2.4% more
        Assert.True(memory.Slice(0, SeedLayer).IndexOfAnyExcept(0f) < 0);
        var mapping = SmapsEntry.Containing((nint)memory.Start);
        Assert.NotNull(mapping);
        if (LinuxPages.HugePagesOffered)
        {
            Assert.True(memory.OnHugePages);
            Assert.Contains("hg", mapping.VmFlags); // madvise(MADV_HUGEPAGE) applied to this mapping
            Assert.Equal("1", mapping.Fields.GetValueOrDefault("THPeligible", "1"));
        }
        else
        {
            Assert.False(memory.OnHugePages);
        }

        GC.KeepAlive(memory);
    }

    [Theory]
    [InlineData(SeedLayer, 4L << 20)]                    // rounded up: 2.4% more
    [InlineData((5 << 20) / 4, 5L << 20)]               // 5 MiB: rounding to 6 would cost 20%, so the tail stays on small pages
    [InlineData(((5 << 20) / 4) + 1, (5L << 20) + 4096)] // and is rounded to whole small pages
    [InlineData(((4 << 20) - 4096) / 4, 4L << 20)]      // 4 KiB short of two huge pages
    [InlineData((2 << 20) / 4, 2L << 20)]               // exactly one
    public void A_block_is_rounded_up_to_whole_huge_pages_when_that_costs_at_most_an_eighth(int floats, long allocated)
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "huge pages are asked for on Linux only");
        Assert.Equal(allocated, WeightMemory.Allocate(floats, useHugePages: true).AllocatedBytes);
    }

    [Fact]
    public void Small_matrices_and_huge_pages_off_stay_on_the_pinned_heap()
    {
        Assert.False(WeightMemory.Allocate(SeedLayer, useHugePages: false).IsNative);
        Assert.False(WeightMemory.Allocate(((2 << 20) / 4) - 1, useHugePages: true).IsNative); // a float short of 2 MiB
        Assert.Equal(0L, WeightMemory.Allocate(SeedLayer, useHugePages: false).AllocatedBytes);

        WeightMemory.Configure(useHugePages: false);
        try
        {
            Assert.False(PackedMatrix.Pack(new float[SeedLayer], 1000, 1024).Memory.IsNative);
        }
        finally
        {
            WeightMemory.Configure(useHugePages: true);
        }

        Assert.Equal(OperatingSystem.IsLinux(), PackedMatrix.Pack(new float[SeedLayer], 1000, 1024).Memory.IsNative);
    }

    [Fact]
    public void A_native_block_is_freed_once_its_matrix_is_unreachable()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "native blocks are used on Linux only");
        CollectEverything();
        var before = WeightMemory.NativeBytes;

        var matrix = PackAndForget(out var heldWhileReachable, out var address);

        Assert.Equal(before + (4L << 20), heldWhileReachable);
        Assert.NotNull(SmapsEntry.Containing(address));
        CollectEverything();
        Assert.False(matrix.IsAlive);
        Assert.Equal(before, WeightMemory.NativeBytes);
        Assert.Null(SmapsEntry.Containing(address)); // returned to the kernel
    }

    [Fact]
    public void Products_over_native_and_pinned_weights_are_the_same()
    {
        var w = ReferenceMath.Weights(SeedLayer, 0.05f, 11);
        var native = PackedMatrix.Pack(w, 1000, 1024);
        WeightMemory.Configure(useHugePages: false);
        PackedMatrix pinned;
        try
        {
            pinned = PackedMatrix.Pack(w, 1000, 1024);
        }
        finally
        {
            WeightMemory.Configure(useHugePages: true);
        }

        Assert.Equal(OperatingSystem.IsLinux(), native.Memory.IsNative);
        Assert.False(pinned.Memory.IsNative);
        foreach (var batch in new[] { 1, 3, 6 })
        {
            // half zeros, as a ReLU output: the sparse kernel at batch 1 and 3, the dense kernels at 6
            var x = ReferenceMath.Inputs(InputKind.HalfZeros, batch * 1000, batch);
            var fromNative = new float[batch * 1024];
            var fromPinned = new float[batch * 1024];
            PackedMultiply.Run(native, x, batch, bias: null, accumulate: false, relu: true, fromNative);
            PackedMultiply.Run(pinned, x, batch, bias: null, accumulate: false, relu: true, fromPinned);
            Assert.Equal(fromPinned, fromNative);
            ReferenceMath.AssertClose(ReferenceMath.Multiply(x, batch, w, 1000, 1024, null, null, relu: true), fromNative, 1e-5f, $"batch {batch}");
        }

        var state = ReferenceMath.Inputs(InputKind.Dense, 1000, 9);
        var row = new float[1024];
        PackedMultiply.AddRow(native, state, row);
        ReferenceMath.AssertClose(ReferenceMath.Multiply(state, 1, w, 1000, 1024, null, null, relu: false), row, 1e-5f, "a recurrent row");
    }

    [Fact]
    public void The_setting_reaches_the_engine_the_service_builds()
    {
        using var services = ConfiguredServices.With("Prediction:HugePages", "false");
        try
        {
            Assert.True(WeightMemory.HugePages);
            services.GetRequiredService<IModelLoader>();
            Assert.False(WeightMemory.HugePages);
        }
        finally
        {
            WeightMemory.Configure(useHugePages: true);
        }
    }

    [Fact]
    public void The_mapped_bytes_are_published_as_a_gauge_of_the_models_meter()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "native blocks are used on Linux only");
        CollectEverything();
        using var meters = new TestMeterFactory();
        _ = new ModelLoadEvents(NullLogger<ModelLoadEvents>.Instance, meters);
        var matrix = PackedMatrix.Pack(new float[SeedLayer], 1000, 1024);

        // The count read on both sides of the gauge, so a late finalizer of an earlier test's block cannot fall between.
        long before, published, after;
        var tries = 0;
        do
        {
            before = WeightMemory.NativeBytes;
            published = ReadGauge(meters, "nlp.models.weights_mapped");
            after = WeightMemory.NativeBytes;
        }
        while (before != after && ++tries < 10);

        Assert.Equal(before, after);
        Assert.Equal(after, published);
        Assert.InRange(published, 4L << 20, long.MaxValue);
        GC.KeepAlive(matrix);
    }

    [Theory]
    [InlineData("always [madvise] never\n", "madvise")]
    [InlineData("[always] madvise never\n", "always")]
    [InlineData("always madvise [never]\n", "never")]
    [InlineData("always madvise never", null)]
    [InlineData(null, null)]
    public void The_kernels_setting_is_read_from_its_brackets(string? setting, string? mode) =>
        Assert.Equal(mode, LinuxPages.Mode(setting));

    private static long ReadGauge(TestMeterFactory meters, string name)
    {
        long? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == name && instrument.Meter.Name == ModelLoadEvents.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException($"no gauge {name} was published");
    }

    /// <summary>
    /// Collects until a whole round frees no native block: a block reachable only from another finalizable object (a
    /// timer's state, say) is found unreachable one round after that object, and its finalizer would otherwise run on
    /// the finalizer thread in the middle of the test that follows.
    /// </summary>
    private static void CollectEverything()
    {
        var previous = -1L;
        for (var round = 0; round < 10 && WeightMemory.NativeBytes != previous; round++)
        {
            previous = WeightMemory.NativeBytes;
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe WeakReference PackAndForget(out long heldWhileReachable, out nint address)
    {
        var matrix = PackedMatrix.Pack(new float[SeedLayer], 1000, 1024);
        heldWhileReachable = WeightMemory.NativeBytes;
        address = (nint)matrix.Memory.Start;
        return new WeakReference(matrix.Memory);
    }

    /// <summary>One mapping of <c>/proc/self/smaps</c>: its address range, flags and counters.</summary>
    private sealed record SmapsEntry(long Start, long End, string[] VmFlags, Dictionary<string, string> Fields)
    {
        public static SmapsEntry? Containing(nint address)
        {
            SmapsEntry? current = null;
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                var dash = line.IndexOf('-', StringComparison.Ordinal);
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                    && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
                {
                    if (current is not null && current.Start <= address && address < current.End)
                    {
                        return current;
                    }

                    current = new SmapsEntry(start, end, [], []);
                }
                else if (current is not null && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                {
                    current = current with { VmFlags = line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries) };
                }
                else if (current is not null && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
                {
                    current.Fields[line[..colon]] = line[(colon + 1)..].Trim().Split(' ')[0];
                }
            }

            return current is not null && current.Start <= address && address < current.End ? current : null;
        }
    }
}
