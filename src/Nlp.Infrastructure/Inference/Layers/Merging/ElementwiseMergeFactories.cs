namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Factories of the <see cref="ElementwiseMergeLayer"/> classes.</summary>
internal static class ElementwiseMergeFactories
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
        [.. Enum.GetValues<MergeOperation>().Select(op => LayerFactory.WithoutWeights(op.ToString(), c => Create(c, op)))];

    private static BuiltLayer Create(LayerBuildContext context, MergeOperation operation)
    {
        var arguments = new LayerArguments(context);
        if (operation == MergeOperation.Subtract)
        {
            arguments.ExpectInputs(2, 2);
        }
        else
        {
            arguments.ExpectInputs(1, int.MaxValue);
        }

        arguments.ExpectWeightCount(0, "none");
        var shape = context.InputShapes[0];
        foreach (var next in context.InputShapes.Skip(1))
        {
            shape = Broadcasting.Shape(shape, next)
                ?? throw arguments.Problem($"input shapes {string.Join(", ", context.InputShapes.Select(Shapes.Describe))} are not compatible");
        }

        return new BuiltLayer(new ElementwiseMergeLayer(context.Name, operation), shape);
    }
}
