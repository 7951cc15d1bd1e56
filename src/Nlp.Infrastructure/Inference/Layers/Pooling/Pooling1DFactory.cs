namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Builds <see cref="Pooling1DLayer"/> for <c>MaxPooling1D</c>/<c>AveragePooling1D</c> (and the Keras aliases).</summary>
internal static class Pooling1DFactory
{
    public static IReadOnlyList<ILayerFactory> All { get; } =
    [
        new LayerFactory(["MaxPooling1D", "MaxPool1D"], _ => false, c => Create(c, average: false)),
        new LayerFactory(["AveragePooling1D", "AvgPool1D"], _ => false, c => Create(c, average: true)),
    ];

    private static BuiltLayer Create(LayerBuildContext context, bool average)
    {
        var arguments = new LayerArguments(context);
        arguments.RequireChannelsLast();
        var inputShape = arguments.SingleInput(2);
        var poolSize = arguments.Window("pool_size", 2);
        var stride = arguments.Config["strides"] is null ? poolSize : arguments.Window("strides", poolSize);
        var padding = arguments.String("padding", "valid") ?? "valid";
        if (padding is not ("valid" or "same"))
        {
            throw arguments.Problem($"padding '{padding}' is not one of valid, same");
        }

        arguments.ExpectWeightCount(0, "none");
        int? outputLength = null;
        if (inputShape[0] is { } length)
        {
            outputLength = Conv1DGeometry.Of(padding, length, poolSize, stride, 1).OutputLength;
            if (outputLength <= 0)
            {
                throw arguments.Problem($"the input's {length} steps are shorter than pool_size {poolSize}");
            }
        }

        var layer = new Pooling1DLayer(context.Name, context.ClassName, average, poolSize, stride, padding);
        return new BuiltLayer(layer, [outputLength, inputShape[1]]);
    }
}
