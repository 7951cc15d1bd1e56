namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// A layer that is the identity at inference (<c>SpatialDropout1D</c>, <c>GaussianNoise</c>, <c>GaussianDropout</c>,
/// <c>AlphaDropout</c>, <c>ActivityRegularization</c>): returns its input tensor, mask included (all of them support
/// masking in Keras).
/// </summary>
internal sealed class IdentityLayer(string name, string className) : ILayer
{
    private static readonly string[] ClassNames =
        ["SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"];

    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = new LayerFactory(ClassNames, _ => false, Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => inputs[0];

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(1, 1);
        arguments.ExpectWeightCount(0, "none");
        return new BuiltLayer(new IdentityLayer(context.Name, context.ClassName), context.InputShapes[0]);
    }
}
