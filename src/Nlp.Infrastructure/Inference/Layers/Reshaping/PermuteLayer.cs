namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Permute</c>: transposes the sample axes by <c>dims</c> (1-based, batch excluded): output axis i is input axis
/// dims[i] - 1. No mask (Keras's Permute does not support masking).
/// </summary>
internal sealed class PermuteLayer(string name, int[] order) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "Permute";

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = LayerFactory.WithoutWeights("Permute", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var input = inputs[0];
        var rank = order.Length;
        Span<int> dims = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        Span<int> readStrides = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        Span<int> index = rank <= Shapes.MaxStackRank ? stackalloc int[rank] : new int[rank];
        var stride = 1;
        for (var axis = rank - 1; axis >= 0; axis--)
        {
            index[axis] = stride; // the input's strides, for a moment
            stride *= input.Shape[axis];
        }

        for (var axis = 0; axis < rank; axis++)
        {
            dims[axis] = input.Shape[order[axis]];
            readStrides[axis] = index[order[axis]];
        }

        var output = scratch.Zeros(input.Batch, outputShape.Of(dims));
        for (var b = 0; b < input.Batch; b++)
        {
            var x = input.Sample(b);
            var y = output.Sample(b);
            index.Clear();
            var offset = 0;
            for (var n = 0; n < y.Length; n++)
            {
                y[n] = x[offset];
                for (var axis = rank - 1; axis >= 0; axis--)
                {
                    index[axis]++;
                    offset += readStrides[axis];
                    if (index[axis] < dims[axis])
                    {
                        break;
                    }

                    offset -= readStrides[axis] * index[axis];
                    index[axis] = 0;
                }
            }
        }

        return output;
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        var dims = arguments.IntList("dims") ?? throw arguments.Problem("dims is missing");
        if (dims.Length != inputShape.Length || !dims.Order().SequenceEqual(Enumerable.Range(1, dims.Length)))
        {
            throw arguments.Problem($"dims {Shapes.Describe(dims)} is not a permutation of 1..{inputShape.Length} for input {Shapes.Describe(inputShape)}");
        }

        arguments.ExpectWeightCount(0, "none");
        var order = dims.Select(d => d - 1).ToArray();
        return new BuiltLayer(new PermuteLayer(context.Name, order), [.. order.Select(axis => inputShape[axis])]);
    }
}
