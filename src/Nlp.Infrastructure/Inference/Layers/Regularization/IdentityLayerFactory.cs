namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>SpatialDropout1D</c>, <c>GaussianNoise</c>, <c>GaussianDropout</c>, <c>AlphaDropout</c> and
/// <c>ActivityRegularization</c>: the identity at inference (a <see cref="PassThroughLayer"/>), mask included (all
/// of them support masking in Keras).
/// </summary>
internal static class IdentityLayerFactory
{
    private static readonly string[] ClassNames =
        ["SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"];

    public static ILayerFactory Instance { get; } = new LayerFactory(ClassNames, _ => false, Create);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        arguments.ExpectWeightCount(0, "none");
        return new BuiltLayer(new PassThroughLayer(context.Name, context.ClassName), context.InputShapes[0]);
    }
}
