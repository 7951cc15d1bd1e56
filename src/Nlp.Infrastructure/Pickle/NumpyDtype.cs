using System.Globalization;

namespace Nlp.Infrastructure.Pickle;

/// <summary>
/// A pickled <c>numpy.dtype</c>: <c>dtype('U28', False, True)</c> then BUILD with the state tuple
/// <c>(3, '&lt;', subdescr, names, fields, elsize, alignment, flags[, metadata])</c>. Only plain (non-structured)
/// dtypes are accepted.
/// </summary>
internal sealed class NumpyDtype
{
    private const string Kinds = "biufcUSOVMm";

    private NumpyDtype(string typeString, char kind, int itemSize, bool bigEndian)
    {
        TypeString = typeString;
        Kind = kind;
        ItemSize = itemSize;
        BigEndian = bigEndian;
    }

    /// <summary>The type string numpy pickled, e.g. <c>U28</c>, <c>O8</c>, <c>i8</c>.</summary>
    public string TypeString { get; }

    /// <summary>numpy's kind character: <c>b i u f c U S O V M m</c>.</summary>
    public char Kind { get; }

    /// <summary>Bytes per element (4 per character for <c>U</c>).</summary>
    public int ItemSize { get; private set; }

    public bool BigEndian { get; private set; }

    /// <summary><c>numpy.dtype(typeString, align, copy)</c>.</summary>
    public static NumpyDtype Create(object?[] args, Func<string, Exception> fail)
    {
        if (args.Length is < 1 or > 3 || args[0] is not string text || text.Length == 0)
        {
            throw fail("numpy.dtype needs a type string");
        }

        var bigEndian = text[0] == '>';
        var body = text[0] is '<' or '>' or '|' or '=' ? text[1..] : text;
        if (body.Length == 0 || !Kinds.Contains(body[0], StringComparison.Ordinal) ||
            !int.TryParse(body.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > 1 << 20)
        {
            throw fail($"numpy dtype '{text}' is not supported");
        }

        var kind = body[0];
        if (size == 0 && kind != 'O')
        {
            throw fail($"numpy dtype '{text}' has no size");
        }

        return new NumpyDtype(body, kind, kind == 'U' ? size * 4 : size, bigEndian);
    }

    /// <summary>numpy's <c>dtype.__setstate__</c>: byte order and, for flexible kinds, the element size.</summary>
    public void SetState(object? state, Func<string, Exception> fail)
    {
        if (state is not object?[] { Length: >= 7 } tuple)
        {
            throw fail($"a numpy dtype state must be a tuple, found {PythonTypeNames.Of(state)}");
        }

        if (tuple[2] is not null || tuple[3] is not null || tuple[4] is not null)
        {
            throw fail($"structured or sub-array numpy dtypes ('{TypeString}') are not supported");
        }

        BigEndian = tuple[1] switch
        {
            ">" => true,
            "<" or "|" or "=" => false,
            var other => throw fail($"numpy dtype byte order {PythonTypeNames.Of(other)} is not supported"),
        };

        if (tuple[5] is long elementSize and > 0 and <= 1 << 22 && Kind is 'U' or 'S' or 'V')
        {
            ItemSize = (int)elementSize;
        }
    }

    public override string ToString() => (BigEndian ? ">" : "<") + TypeString;
}
