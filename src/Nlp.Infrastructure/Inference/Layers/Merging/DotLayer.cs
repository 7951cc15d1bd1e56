namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Dot</c>: Keras's <c>batch_dot</c> of two samples of rank 1 or 2 over one axis each (optionally L2-normalized
/// first: <c>x / sqrt(max(sum(x^2), 1e-12))</c>). Output axes: x's remaining axis, then y's; <c>[1]</c> when none
/// remain. Dot returns no mask.
/// </summary>
internal sealed class DotLayer(string name, int xAxis, int yAxis, bool normalize) : ILayer
{
    // The output shape of two vectors' product (shapes are never written, so one array serves every call).
    private static readonly int[] OneValue = [1];

    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Dot";

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = LayerFactory.WithoutWeights("Dot", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    /// <summary>The same inside a network call (its pooled buffers): a long product checks its time limit as it goes.</summary>
    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var budget = scratch.Budget;
        var (x, y) = (inputs[0], inputs[1]);
        var xView = new AxisView(x.Shape, xAxis);
        var yView = new AxisView(y.Shape, yAxis);
        var output = scratch.Zeros(x.Batch, OutputShape(x.Shape, y.Shape));
        var depth = x.Shape[xAxis];
        var xs = scratch.Rent(depth).AsSpan(0, depth);
        var ys = scratch.Rent(depth).AsSpan(0, depth);
        var rowsPerCheck = ComputeBudget.RowsPerCheck((long)yView.Others * depth);
        for (var b = 0; b < x.Batch; b++)
        {
            var xSample = x.Sample(b);
            var ySample = y.Sample(b);
            var target = output.Sample(b);
            var n = 0;
            for (var i = 0; i < xView.Others; i++)
            {
                budget.CheckAt(((long)b * xView.Others) + i, rowsPerCheck);
                xView.Gather(xSample, i, xs);
                if (normalize)
                {
                    Normalize(xs);
                }

                for (var j = 0; j < yView.Others; j++)
                {
                    yView.Gather(ySample, j, ys);
                    if (normalize)
                    {
                        Normalize(ys);
                    }

                    target[n++] = System.Numerics.Tensors.TensorPrimitives.Dot(xs, ys);
                }
            }
        }

        return output;
    }

    // The inputs' other axes, x's then y's ([1] when there are none: two vectors), kept (KeptShape).
    private int[] OutputShape(int[] x, int[] y)
    {
        Span<int> dimensions = stackalloc int[x.Length + y.Length]; // samples of rank 1 or 2 (Create)
        var count = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (i != xAxis)
            {
                dimensions[count++] = x[i];
            }
        }

        for (var i = 0; i < y.Length; i++)
        {
            if (i != yAxis)
            {
                dimensions[count++] = y[i];
            }
        }

        return count == 0 ? OneValue : outputShape.Of(dimensions[..count]);
    }

    public static int?[] OutputShape(int?[] x, int?[] y, int xAxis, int yAxis)
    {
        int?[] shape = [.. x.Where((_, i) => i != xAxis), .. y.Where((_, i) => i != yAxis)];
        return shape.Length == 0 ? [1] : shape;
    }

    private static void Normalize(Span<float> values)
    {
        var sum = System.Numerics.Tensors.TensorPrimitives.SumOfSquares(values);
        var inv = 1f / MathF.Sqrt(Math.Max(sum, 1e-12f));
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, inv, values);
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(2, 2);
        arguments.ExpectWeightCount(0, "none");
        var (x, y) = (context.InputShapes[0], context.InputShapes[1]);
        if (x.Length is < 1 or > 2 || y.Length is < 1 or > 2)
        {
            throw arguments.Problem($"inputs {Shapes.Describe(x)} and {Shapes.Describe(y)}: only samples of rank 1 or 2 are supported");
        }

        var axes = arguments.IntList("axes") ?? throw arguments.Problem("axes is missing");
        if (axes.Length is not (1 or 2))
        {
            throw arguments.Problem($"axes [{string.Join(", ", axes)}] must be one or two integers");
        }

        // Keras: a negative axis counts from the end of the full (batched) rank; axis 0 is the batch.
        var xAxis = (axes[0] < 0 ? axes[0] + x.Length + 1 : axes[0]) - 1;
        var yAxis = (axes[^1] < 0 ? axes[^1] + y.Length + 1 : axes[^1]) - 1;
        if (xAxis < 0 || xAxis >= x.Length || yAxis < 0 || yAxis >= y.Length)
        {
            throw arguments.Problem($"axes [{string.Join(", ", axes)}] do not fit inputs {Shapes.Describe(x)} and {Shapes.Describe(y)}");
        }

        if (x[xAxis] is { } a && y[yAxis] is { } b && a != b)
        {
            throw arguments.Problem($"dot axes have sizes {a} and {b}");
        }

        var layer = new DotLayer(context.Name, xAxis, yAxis, arguments.Bool("normalize", false));
        return new BuiltLayer(layer, OutputShape(x, y, xAxis, yAxis));
    }

    /// <summary>A sample of rank 1 or 2 seen as vectors along <c>axis</c>, indexed by the other axis.</summary>
    private readonly struct AxisView(int[] shape, int axis)
    {
        public int Others { get; } = shape.Length == 1 ? 1 : shape[1 - axis];

        public void Gather(ReadOnlySpan<float> sample, int other, Span<float> vector)
        {
            if (shape.Length == 1)
            {
                sample.CopyTo(vector);
                return;
            }

            var stride = axis == 0 ? shape[1] : 1;
            var start = axis == 0 ? other : other * shape[1];
            for (var k = 0; k < vector.Length; k++)
            {
                vector[k] = sample[start + (k * stride)];
            }
        }
    }
}
