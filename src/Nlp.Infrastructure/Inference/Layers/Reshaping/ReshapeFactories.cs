namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>Flatten</c> and <c>Reshape</c> (see <see cref="ReshapeLayer"/>).</summary>
internal static class ReshapeFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        LayerFactory.WithoutWeights("Flatten", CreateFlatten),
        LayerFactory.WithoutWeights("Reshape", CreateReshape),
    ];

    private static BuiltLayer CreateFlatten(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        if (inputShape.Length > 1)
        {
            // channels_first would move the last axis first before flattening; only channels_last is served.
            arguments.RequireChannelsLast();
        }

        arguments.ExpectWeightCount(0, "none");
        return new BuiltLayer(new ReshapeLayer(context.Name, context.ClassName, [-1]), [Shapes.Product(inputShape)]);
    }

    private static BuiltLayer CreateReshape(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        var inputShape = context.InputShapes[0];
        var target = arguments.IntList("target_shape") ?? throw arguments.Problem("target_shape is missing");
        if (target.Count(d => d == -1) > 1 || target.Any(d => d < 1 && d != -1))
        {
            throw arguments.Problem($"target_shape {Shapes.Describe(target)} must hold positive sizes and at most one -1");
        }

        arguments.ExpectWeightCount(0, "none");
        var layer = new ReshapeLayer(context.Name, context.ClassName, target);
        int?[] outputShape;
        if (Shapes.Product(inputShape) is { } size)
        {
            try
            {
                outputShape = Shapes.Known(layer.Resolve(size));
            }
            catch (LayerInputException e)
            {
                throw arguments.Problem(e.Message);
            }
        }
        else
        {
            outputShape = [.. target.Select(d => d == -1 ? (int?)null : d)];
        }

        return new BuiltLayer(layer, outputShape);
    }
}
