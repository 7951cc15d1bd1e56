namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>PReLU</c>: <c>relu(x) - alpha * relu(-x)</c> with a learned <c>alpha</c> shaped like the input (without batch),
/// size 1 on the <c>shared_axes</c> (1-based, batch = 0). The mask passes through.
/// </summary>
internal sealed class PReluLayer : ILayer
{
    private readonly float[] _alpha;
    private readonly int[] _alphaShape;
    private readonly int[]? _offsetsForBuiltShape;
    private readonly int[]? _builtShape;

    private PReluLayer(string name, float[] alpha, int[] alphaShape, int?[] inputShape)
    {
        Name = name;
        _alpha = alpha;
        _alphaShape = alphaShape;
        if (inputShape.All(d => d is not null))
        {
            _builtShape = [.. inputShape.Select(d => d!.Value)];
            _offsetsForBuiltShape = Broadcasting.SourceOffsets(alphaShape, _builtShape);
        }
    }

    public string Name { get; }

    public string ClassName => "PReLU";

    public long ParameterCount => _alpha.Length;

    public static ILayerFactory Factory { get; } = LayerFactory.WithWeights("PReLU", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        var offsets = _builtShape is not null && Broadcasting.SameShape(_builtShape, input.Shape)
            ? _offsetsForBuiltShape!
            : Broadcasting.SourceOffsets(_alphaShape, input.Shape);
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        for (var b = 0; b < output.Batch; b++)
        {
            var sample = output.Sample(b);
            for (var i = 0; i < sample.Length; i++)
            {
                var x = sample[i];
                sample[i] = x > 0 ? x : -_alpha[offsets[i]] * -x;
            }
        }

        return output;
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        var shared = arguments.IntList("shared_axes") ?? [];
        var alphaShape = new int[inputShape.Length];
        for (var axis = 0; axis < inputShape.Length; axis++)
        {
            alphaShape[axis] = shared.Contains(axis + 1) ? 1 : arguments.Known(inputShape[axis], $"input axis {axis + 1} (not in shared_axes)");
        }

        if (shared.Any(a => a < 1 || a > inputShape.Length))
        {
            throw arguments.Problem($"shared_axes [{string.Join(", ", shared)}] do not fit input shape {Shapes.Describe(inputShape)}");
        }

        arguments.ExpectWeightCount(1, "alpha");
        var alpha = arguments.Weight(0, "alpha", alphaShape);
        return new BuiltLayer(new PReluLayer(context.Name, alpha, alphaShape, inputShape), inputShape);
    }
}
