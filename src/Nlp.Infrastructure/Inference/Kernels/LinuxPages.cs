using System.Runtime.InteropServices;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// Anonymous memory straight from Linux (libc's <c>mmap</c>, <c>munmap</c>, <c>madvise</c>), as
/// <see cref="WeightMemory"/> uses it: a block at a 2 MiB boundary, fresh (zeroed, never touched) and so able to take
/// transparent huge pages at its first write, if the kernel offers them (<see cref="SettingFile"/> is <c>always</c> or
/// <c>madvise</c>). Not through malloc: glibc serves a large block from its heap once a block that size was freed,
/// whose pages may have been touched already (4 KiB pages then stay 4 KiB).
/// </summary>
internal static unsafe class LinuxPages
{
    /// <summary>The kernel's transparent-huge-page setting; its current mode is the bracketed word.</summary>
    public const string SettingFile = "/sys/kernel/mm/transparent_hugepage/enabled";

    /// <summary>The size of a transparent huge page (x86-64, and arm64 with 4 KiB base pages).</summary>
    public const int HugePageBytes = 2 << 20;

    // The same values on x86-64 and arm64 Linux.
    private const int ProtReadWrite = 0x1 | 0x2;
    private const int MapPrivateAnonymous = 0x02 | 0x20;
    private const int MadviseHugePage = 14;
    private const int SmallPageBytes = 4096;

    private static readonly delegate* unmanaged<nint, nuint, int, int, int, nint, nint> Mmap;
    private static readonly delegate* unmanaged<nint, nuint, int> Munmap;
    private static readonly delegate* unmanaged<nint, nuint, int, int> Madvise;

#pragma warning disable CA1810 // the three functions come from one library handle
    static LinuxPages()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var name in new[] { "libc.so.6", "libc" })
        {
            if (NativeLibrary.TryLoad(name, out var libc)
                && NativeLibrary.TryGetExport(libc, "mmap", out var mmap)
                && NativeLibrary.TryGetExport(libc, "munmap", out var munmap)
                && NativeLibrary.TryGetExport(libc, "madvise", out var madvise))
            {
                Mmap = (delegate* unmanaged<nint, nuint, int, int, int, nint, nint>)mmap;
                Munmap = (delegate* unmanaged<nint, nuint, int>)munmap;
                Madvise = (delegate* unmanaged<nint, nuint, int, int>)madvise;
                HugePagesOffered = Mode(ReadSetting()) is "always" or "madvise";
                return;
            }
        }
    }

    /// <summary>Whether blocks can be mapped here (Linux, libc found).</summary>
    public static bool Supported => Mmap != null;

    /// <summary>Whether the kernel gives transparent huge pages to a block that asks (<see cref="SettingFile"/>).</summary>
    public static bool HugePagesOffered { get; }

    /// <summary>The bracketed mode of the setting's text (<c>always [madvise] never</c>), or null.</summary>
    public static string? Mode(string? setting)
    {
        var open = setting?.IndexOf('[', StringComparison.Ordinal) ?? -1;
        var close = open < 0 ? -1 : setting!.IndexOf(']', open);
        return close < 0 ? null : setting![(open + 1)..close];
    }

    /// <summary><paramref name="bytes"/> rounded up to whole 4 KiB pages, the unit <see cref="Map"/> works in.</summary>
    public static nuint RoundToPages(nuint bytes) => (bytes + SmallPageBytes - 1) / SmallPageBytes * SmallPageBytes;

    /// <summary>
    /// A fresh block of <paramref name="bytes"/> (whole 4 KiB pages) at a 2 MiB boundary, or null where the kernel
    /// refuses. <paramref name="hugePages"/> asks for huge pages on its whole 2 MiB extents before anything touches it;
    /// <paramref name="advised"/> says whether the kernel took the request.
    /// </summary>
    public static void* Map(nuint bytes, bool hugePages, out bool advised)
    {
        advised = false;
        if (!Supported || bytes == 0 || bytes % SmallPageBytes != 0)
        {
            return null;
        }

        var reserved = bytes + HugePageBytes;
        var mapped = Mmap(0, reserved, ProtReadWrite, MapPrivateAnonymous, -1, 0);
        if (mapped == -1)
        {
            return null;
        }

        var start = (mapped + HugePageBytes - 1) & ~(nint)(HugePageBytes - 1);
        var head = (nuint)(start - mapped);
        if (head > 0)
        {
            Munmap(mapped, head);
        }

        if (reserved - head - bytes is var tail and > 0)
        {
            Munmap(start + (nint)bytes, tail);
        }

        var whole = bytes / HugePageBytes * HugePageBytes;
        advised = hugePages && HugePagesOffered && whole > 0 && Madvise(start, whole, MadviseHugePage) == 0;
        return (void*)start;
    }

    /// <summary>Returns a block from <see cref="Map"/> to the kernel.</summary>
    public static void Unmap(void* start, nuint bytes) => Munmap((nint)start, bytes);

    private static string? ReadSetting()
    {
        try
        {
            return File.Exists(SettingFile) ? File.ReadAllText(SettingFile) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
