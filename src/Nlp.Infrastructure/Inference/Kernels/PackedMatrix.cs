using System.Runtime.CompilerServices;

namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// A weight matrix <c>[rows, columns]</c> (a Keras kernel <c>[inputs, units]</c>) repacked once at load into column
/// panels of <see cref="PanelWidth"/> columns, each stored <c>[rows][width]</c> contiguously. A kernel producing one
/// block of outputs then reads one panel front to back: the rows of the non-zero inputs of a sparse sample, or every
/// row for a block of dense samples. The last panel holds the remaining columns rounded up to a multiple of 16 (one
/// <c>Vector512</c>), zero-padded, so a vector load never leaves it. This is the only copy of the weights a layer keeps.
/// The packed values start on a cache line, in memory that never moves (<see cref="WeightMemory"/>: large matrices on
/// huge pages): every panel row is then 64-byte aligned and no vector load straddles two lines (rows 16 bytes past a
/// line made the sparse kernel 23 to 28% slower; docs/benchmarks.md). Kernels read it through
/// <see cref="PanelStart"/>, a reference into that memory, and keep the matrix alive until they are done.
/// </summary>
internal sealed class PackedMatrix
{
    /// <summary>Columns per panel: four <c>Vector512&lt;float&gt;</c>.</summary>
    public const int PanelWidth = 64;

    /// <summary>Floats per vector lane group; the last panel's width is a multiple of it.</summary>
    public const int VectorWidth = 16;

    /// <summary>The alignment of the first value and so of every panel row, in bytes: a cache line.</summary>
    public const int Alignment = WeightMemory.Alignment;

    private PackedMatrix(int rows, int columns, long length)
    {
        Rows = rows;
        Columns = columns;
        PanelCount = (columns + PanelWidth - 1) / PanelWidth;
        Memory = WeightMemory.Allocate(checked((int)length));
    }

    /// <summary>The inner dimension (a Dense layer's input width).</summary>
    public int Rows { get; }

    /// <summary>The output dimension (a Dense layer's units).</summary>
    public int Columns { get; }

    public int PanelCount { get; }

    /// <summary>The packed values, panel after panel.</summary>
    public WeightMemory Memory { get; }

    public long ParameterCount => (long)Rows * Columns;

    /// <summary>The real columns of panel <paramref name="panel"/> (64, or fewer in the last one).</summary>
    public int PanelColumns(int panel) => Math.Min(PanelWidth, Columns - (panel * PanelWidth));

    /// <summary>The stored width of a panel row: 64, or the last panel's columns rounded up to 16.</summary>
    public int PanelStride(int panel) => RoundUp(PanelColumns(panel));

    /// <summary>Where panel <paramref name="panel"/> starts in <see cref="Memory"/> (every earlier panel is full).</summary>
    public int PanelOffset(int panel) => panel * Rows * PanelWidth;

    /// <summary>
    /// The first value of panel <paramref name="panel"/>, for the kernels (no bounds checked: <paramref name="panel"/>
    /// must be below <see cref="PanelCount"/>). The caller keeps this matrix alive while it reads (GC.KeepAlive).
    /// </summary>
    public unsafe ref float PanelStart(int panel) => ref Unsafe.AsRef<float>(Memory.Start + PanelOffset(panel));

    /// <summary>
    /// Panel <paramref name="panel"/>'s values, <c>[rows][stride]</c>. The caller keeps this matrix alive while it reads.
    /// </summary>
    public ReadOnlySpan<float> Panel(int panel) => Memory.Slice(PanelOffset(panel), Rows * PanelStride(panel));

    /// <summary>The value at <c>[row, column]</c> of the original row-major matrix.</summary>
    public float this[int row, int column]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
            var panel = column / PanelWidth;
            var value = Panel(panel)[(row * PanelStride(panel)) + (column % PanelWidth)];
            GC.KeepAlive(this);
            return value;
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
            var destination = packed.Memory.Slice(packed.PanelOffset(panel), rows * stride);
            for (var row = 0; row < rows; row++)
            {
                rowMajor.Slice((row * columns) + start, width).CopyTo(destination.Slice(row * stride, width));
            }
        }

        GC.KeepAlive(packed);
        return packed;
    }

    private static int RoundUp(int columns) => (columns + VectorWidth - 1) / VectorWidth * VectorWidth;
}
