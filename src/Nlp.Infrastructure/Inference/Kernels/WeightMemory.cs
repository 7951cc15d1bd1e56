using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// The memory of one packed weight matrix: <see cref="Length"/> zeroed floats from a 64-byte aligned address that
/// never moves. On Linux, while <see cref="HugePages"/> is on, a matrix of at least one huge page (2 MiB) is mapped
/// outside the GC heap at a 2 MiB boundary and marked for transparent huge pages where the kernel offers them
/// (<see cref="LinuxPages"/>): one text's sparse pass reads rows spread over the whole matrix, so with 4 KiB pages it
/// needs a TLB entry for each of a seed-sized layer's ~1,000 pages, with 2 MiB pages two (docs/benchmarks.md,
/// sixteenth round). Anything else (or a mapping the kernel refuses) is a pinned managed array, as before.
/// <para>
/// <see cref="Start"/> is a raw pointer in both cases, so whoever reads through it keeps this object alive until done
/// (<see cref="GC.KeepAlive"/>): the mapping is returned by the finalizer once the matrix is unreachable (a model
/// replaced by a reload), and the GC is told of its size meanwhile (<see cref="GC.AddMemoryPressure"/>).
/// </para>
/// </summary>
internal sealed unsafe class WeightMemory
{
    /// <summary>The size of a transparent huge page.</summary>
    public const int HugePageBytes = LinuxPages.HugePageBytes;

    /// <summary>The alignment of <see cref="Start"/>, in bytes: a cache line.</summary>
    public const int Alignment = 64;

    private static int hugePages = 1;
    private static long nativeBytes;

    private readonly float[]? array;
    private readonly nuint allocatedBytes;

    private WeightMemory(int length, bool useHugePages)
    {
        Length = length;
        var bytes = (nuint)length * sizeof(float);
        if (bytes >= HugePageBytes && useHugePages && LinuxPages.Supported)
        {
            // Whole huge pages where rounding up costs at most an eighth more, so the tail lies on one too; otherwise
            // the whole pages only, and the tail on small pages.
            var rounded = (bytes + HugePageBytes - 1) / HugePageBytes * HugePageBytes;
            var size = rounded - bytes <= bytes / 8 ? rounded : LinuxPages.RoundToPages(bytes);
            Start = (float*)LinuxPages.Map(size, hugePages: true, out var advised);
            if (Start != null)
            {
                allocatedBytes = size;
                OnHugePages = advised;
                GC.AddMemoryPressure((long)size);
                Interlocked.Add(ref nativeBytes, (long)size);
                return;
            }
        }

        array = GC.AllocateArray<float>(checked(length + (Alignment / sizeof(float)) - 1), pinned: true);
        ref var first = ref MemoryMarshal.GetArrayDataReference(array);
        var skip = (int)((Alignment - ((nuint)Unsafe.AsPointer(ref first) % Alignment)) % Alignment) / sizeof(float);
        Start = (float*)Unsafe.AsPointer(ref Unsafe.Add(ref first, skip));
        GC.SuppressFinalize(this); // nothing to return: the array goes with this object
    }

    ~WeightMemory()
    {
        if (allocatedBytes != 0)
        {
            LinuxPages.Unmap(Start, allocatedBytes);
            GC.RemoveMemoryPressure((long)allocatedBytes);
            Interlocked.Add(ref nativeBytes, -(long)allocatedBytes);
        }
    }

    /// <summary>
    /// Whether matrices of 2 MiB and more go on transparent huge pages (<c>Prediction:HugePages</c>, default on);
    /// applies to matrices packed from then on.
    /// </summary>
    public static bool HugePages => Volatile.Read(ref hugePages) != 0;

    /// <summary>Bytes of weights mapped outside the GC heap in this process.</summary>
    public static long NativeBytes => Volatile.Read(ref nativeBytes);

    /// <summary>The first float, 64-byte aligned (2 MiB for a native block). Keep this object alive while reading.</summary>
    public float* Start { get; }

    public int Length { get; }

    /// <summary>Whether the block is a mapping outside the GC heap (and so returned by this object's finalizer).</summary>
    public bool IsNative => allocatedBytes != 0;

    /// <summary>The mapping's bytes (the floats in whole 4 KiB pages, or whole huge pages); 0 on the pinned heap.</summary>
    public long AllocatedBytes => (long)allocatedBytes;

    /// <summary>Whether the kernel took the request to back the mapping's whole 2 MiB extents with huge pages.</summary>
    public bool OnHugePages { get; }

    public static void Configure(bool useHugePages) => Volatile.Write(ref hugePages, useHugePages ? 1 : 0);

    /// <param name="length">Floats.</param>
    /// <param name="useHugePages">Whether a large block may go on huge pages (null: <see cref="HugePages"/>).</param>
    public static WeightMemory Allocate(int length, bool? useHugePages = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        return new WeightMemory(length, useHugePages ?? HugePages);
    }

    /// <summary>The floats <c>[offset, offset + length)</c>.</summary>
    public Span<float> Slice(int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length - offset);
        return new Span<float>(Start + offset, length);
    }
}
