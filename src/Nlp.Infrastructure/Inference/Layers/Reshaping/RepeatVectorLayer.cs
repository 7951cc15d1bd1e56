namespace Nlp.Infrastructure.Inference.Layers;

/// <summary><c>RepeatVector</c>: <c>[features]</c> → <c>[n, features]</c>. No mask (Keras does not support one here).</summary>
internal sealed class RepeatVectorLayer(string name, int repeats) : ILayer
{
    private readonly KeptShape outputShape = new();

    public string Name { get; } = name;

    public string ClassName => "RepeatVector";

    public long ParameterCount => 0;

    public static ILayerFactory Factory { get; } = LayerFactory.WithoutWeights("RepeatVector", Create);

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var input = inputs[0];
        var features = input.Shape[0];
        var output = scratch.Output(input.Batch, outputShape.Of([repeats, features]));
        for (var b = 0; b < input.Batch; b++)
        {
            var source = input.Sample(b);
            var target = output.Sample(b);
            for (var i = 0; i < repeats; i++)
            {
                source.CopyTo(target.Slice(i * features, features));
            }
        }

        return output;
    }

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        var inputShape = arguments.SingleInput(1);
        var repeats = arguments.Int("n", 0);
        if (repeats < 1)
        {
            throw arguments.Problem("n must be a positive integer");
        }

        arguments.ExpectWeightCount(0, "none");
        return new BuiltLayer(new RepeatVectorLayer(context.Name, repeats), [repeats, inputShape[0]]);
    }
}
