namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>A weightless layer applying one function to every value; the input mask passes through (Keras's
/// activation layers support masking).</summary>
internal sealed class ElementwiseLayer(string name, string className, Action<Span<float>> function) : ILayer
{
    public string Name { get; } = name;

    public string ClassName { get; } = className;

    public long ParameterCount => 0;

    public Tensor Forward(IReadOnlyList<Tensor> inputs) => Forward(inputs, new LayerScratch());

    public Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch)
    {
        var input = inputs[0];
        var output = Shapes.Reshaped(input, input.Shape, input.Mask, scratch);
        function(output.Data.AsSpan(0, input.Batch * input.SampleSize));
        return output;
    }

    /// <summary>Builds the layer for a one-input context; the output shape is the input shape.</summary>
    public static BuiltLayer Build(LayerArguments arguments, Action<Span<float>> function)
    {
        arguments.ExpectInputs(1, 1);
        arguments.ExpectWeightCount(0, "none");
        var context = arguments.Context;
        return new BuiltLayer(new ElementwiseLayer(context.Name, context.ClassName, function), context.InputShapes[0]);
    }
}
