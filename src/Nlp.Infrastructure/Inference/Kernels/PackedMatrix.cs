using System.Runtime.InteropServices;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// A weight matrix <c>[rows, columns]</c> (a Keras kernel <c>[inputs, units]</c>) repacked once at load into column
/// panels of <see cref="PanelWidth"/> columns, each stored <c>[rows][width]</c> contiguously. A kernel producing one
/// block of outputs then reads one panel front to back: the rows of the non-zero inputs of a sparse sample, or every
/// row for a block of dense samples. The last panel holds the remaining columns rounded up to a multiple of 16 (one
/// <c>Vector512</c>), zero-padded, so a vector load never leaves it. This is the only copy of the weights a layer keeps.
/// The packed values start on a cache line (<see cref="Start"/>, in an array on the pinned heap, which never moves):
/// every panel row is then 64-byte aligned and no vector load straddles two lines (rows 16 bytes past a line made the
/// sparse kernel 23 to 28% slower; docs/benchmarks.md).
/// </summary>
internal sealed class PackedMatrix
{
    /// <summary>Columns per panel: four <c>Vector512&lt;float&gt;</c>.</summary>
    public const int PanelWidth = 64;

    /// <summary>Floats per vector lane group; the last panel's width is a multiple of it.</summary>
    public const int VectorWidth = 16;

    /// <summary>The alignment of <see cref="Start"/>, in bytes: a cache line.</summary>
    public const int Alignment = 64;

    private PackedMatrix(int rows, int columns, long length)
    {
        Rows = rows;
        Columns = columns;
        PanelCount = (columns + PanelWidth - 1) / PanelWidth;
        Data = GC.AllocateArray<float>(checked((int)(length + (Alignment / sizeof(float)) - 1)), pinned: true);
        Start = AlignedStart(Data);
    }

    /// <summary>The inner dimension (a Dense layer's input width).</summary>
    public int Rows { get; }

    /// <summary>The output dimension (a Dense layer's units).</summary>
    public int Columns { get; }

    public int PanelCount { get; }

    /// <summary>The packed values, panel after panel from <see cref="Start"/> (the entries before it are unused).</summary>
    public float[] Data { get; }

    /// <summary>The index in <see cref="Data"/> of the first packed value: the first 64-byte aligned entry.</summary>
    public int Start { get; }

    public long ParameterCount => (long)Rows * Columns;

    /// <summary>The real columns of panel <paramref name="panel"/> (64, or fewer in the last one).</summary>
    public int PanelColumns(int panel) => Math.Min(PanelWidth, Columns - (panel * PanelWidth));

    /// <summary>The stored width of a panel row: 64, or the last panel's columns rounded up to 16.</summary>
    public int PanelStride(int panel) => RoundUp(PanelColumns(panel));

    /// <summary>Where panel <paramref name="panel"/> starts in <see cref="Data"/> (every earlier panel is full).</summary>
    public int PanelOffset(int panel) => Start + (panel * Rows * PanelWidth);

    /// <summary>The value at <c>[row, column]</c> of the original row-major matrix.</summary>
    public float this[int row, int column]
    {
        get
        {
            var panel = column / PanelWidth;
            return Data[PanelOffset(panel) + (row * PanelStride(panel)) + (column % PanelWidth)];
        }
    }

    /// <summary>Packs a row-major <c>[rows, columns]</c> matrix.</summary>
    public static PackedMatrix Pack(ReadOnlySpan<float> rowMajor, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (rowMajor.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{rowMajor.Length} values are not a [{rows}, {columns}] matrix", nameof(rowMajor));
        }

        var fullPanels = columns / PanelWidth;
        var tail = RoundUp(columns - (fullPanels * PanelWidth));
        var packed = new PackedMatrix(rows, columns, ((long)fullPanels * PanelWidth + tail) * rows);
        for (var panel = 0; panel < packed.PanelCount; panel++)
        {
            var start = panel * PanelWidth;
            var width = packed.PanelColumns(panel);
            var stride = packed.PanelStride(panel);
            var destination = packed.Data.AsSpan(packed.PanelOffset(panel), rows * stride);
            for (var row = 0; row < rows; row++)
            {
                rowMajor.Slice((row * columns) + start, width).CopyTo(destination.Slice(row * stride, width));
            }
        }

        return packed;
    }

    /// <summary>How many floats into a pinned array its first cache-line-aligned entry is.</summary>
    private static int AlignedStart(float[] pinned)
    {
        var address = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0);
        return (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
    }

    private static int RoundUp(int columns) => (columns + VectorWidth - 1) / VectorWidth * VectorWidth;
}
