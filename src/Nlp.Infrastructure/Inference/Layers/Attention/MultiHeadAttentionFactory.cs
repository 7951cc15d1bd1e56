namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Builds <see cref="MultiHeadAttentionLayer"/>. Weights in Keras order (<c>get_weights()</c>): query kernel
/// <c>[dim, heads, key_dim]</c>, query bias <c>[heads, key_dim]</c>, key kernel, key bias, value kernel
/// <c>[dim, heads, value_dim]</c>, value bias, output kernel <c>[heads, value_dim, out...]</c>, output bias
/// <c>[out...]</c>; the biases are absent when <c>use_bias</c> is false. Only attention over the steps of
/// <c>[steps, features]</c> inputs is served.
/// </summary>
internal static class MultiHeadAttentionFactory
{
    public static ILayerFactory Instance { get; } = LayerFactory.WithWeights("MultiHeadAttention", Create);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(2, 3);
        var shapes = context.InputShapes;
        if (shapes.Any(s => s.Length != 2))
        {
            throw arguments.Problem($"inputs {string.Join(", ", shapes.Select(Shapes.Describe))} must each be [steps, features] (other ranks are not supported)");
        }

        var axes = arguments.IntList("attention_axes");
        if (axes is not null && !(axes.Length == 1 && axes[0] is 1 or -2))
        {
            throw arguments.Problem($"attention_axes [{string.Join(", ", axes)}] is not supported (only attention over the steps axis)");
        }

        var heads = arguments.Int("num_heads", 0);
        var keyDim = arguments.Int("key_dim", 0);
        var valueDim = arguments.Config["value_dim"] is null ? keyDim : arguments.Int("value_dim", keyDim);
        if (heads < 1 || keyDim < 1 || valueDim < 1)
        {
            throw arguments.Problem("num_heads, key_dim and value_dim must be positive");
        }

        var queryFeatures = arguments.Known(shapes[0][1], "query feature axis");
        var valueFeatures = arguments.Known(shapes[1][1], "value feature axis");
        var keyFeatures = shapes.Count > 2 ? arguments.Known(shapes[2][1], "key feature axis") : valueFeatures;
        if (shapes.Count > 2 && shapes[2][0] is { } tk && shapes[1][0] is { } tv && tk != tv)
        {
            throw arguments.Problem($"key steps ({tk}) and value steps ({tv}) differ");
        }

        int[] outputShape = arguments.Config["output_shape"] is null ? [queryFeatures] : arguments.IntList("output_shape")!;
        if (outputShape.Length == 0 || outputShape.Any(d => d < 1))
        {
            throw arguments.Problem($"output_shape {Shapes.Describe(outputShape)} must hold positive sizes");
        }

        var useBias = arguments.Bool("use_bias", true);
        arguments.ExpectWeightCount(
            useBias ? 8 : 4,
            useBias ? "query kernel, query bias, key kernel, key bias, value kernel, value bias, output kernel, output bias"
                    : "query kernel, key kernel, value kernel, output kernel");
        var step = useBias ? 2 : 1;
        var weights = new MultiHeadAttentionWeights(
            arguments.Weight(0, "query kernel", queryFeatures, heads, keyDim),
            useBias ? arguments.Weight(1, "query bias", heads, keyDim) : [],
            arguments.Weight(step, "key kernel", keyFeatures, heads, keyDim),
            useBias ? arguments.Weight(3, "key bias", heads, keyDim) : [],
            arguments.Weight(2 * step, "value kernel", valueFeatures, heads, valueDim),
            useBias ? arguments.Weight(5, "value bias", heads, valueDim) : [],
            arguments.Weight(3 * step, "output kernel", [heads, valueDim, .. outputShape]),
            useBias ? arguments.Weight(7, "output bias", outputShape) : []);
        var shape = new MultiHeadAttentionShape(heads, keyDim, valueDim, queryFeatures, keyFeatures, valueFeatures, outputShape);
        var causal = arguments.Bool("use_causal_mask", false);
        var layer = new MultiHeadAttentionLayer(context.Name, shape, weights, causal) { ParameterCount = arguments.ParameterCount };
        return new BuiltLayer(layer, [shapes[0][0], .. Shapes.Known(outputShape)]);
    }
}
