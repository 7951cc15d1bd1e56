using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Builds <see cref="DotProductAttentionLayer"/> from an <c>Attention</c> config: <c>use_scale</c>, <c>score_mode</c>
/// (dot/concat), <c>causal</c> (tf.keras &lt; 2.10 config) or <c>use_causal_mask</c> (a call argument the graph builder
/// may copy into the config). Weights: scale (when use_scale), then concat_score_weight (when concat), both scalars.
/// </summary>
internal static class DotProductAttentionFactory
{
    public static ILayerFactory Instance { get; } =
        new LayerFactory(
            ["Attention"],
            config => config.GetBool("use_scale", defaultValue: false) || config.GetString("score_mode") == "concat",
            Create);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.ExpectInputs(2, 3);
        var shapes = context.InputShapes;
        if (shapes.Any(s => s.Length != 2))
        {
            throw arguments.Problem($"inputs {string.Join(", ", shapes.Select(Shapes.Describe))} must each be [steps, features]");
        }

        var query = shapes[0];
        var value = shapes[1];
        var key = shapes.Count > 2 ? shapes[2] : value;
        if (query[1] is { } qd && key[1] is { } kd && qd != kd)
        {
            throw arguments.Problem($"query features ({qd}) and key features ({kd}) differ");
        }

        if (shapes.Count > 2 && key[0] is { } tk && value[0] is { } tv && tk != tv)
        {
            throw arguments.Problem($"key steps ({tk}) and value steps ({tv}) differ");
        }

        var roles = WeightRoles(arguments);
        arguments.ExpectWeightCount(roles.Count, roles.Count == 0 ? "none" : string.Join(", ", roles));
        var useScale = roles.Contains("scale");
        var concat = roles.Contains("concat_score_weight");
        float? scale = useScale ? arguments.Scalar(0, "scale") : null;
        var concatWeight = concat ? arguments.Scalar(roles.Count - 1, "concat_score_weight") : 1f;
        var causal = arguments.Bool("causal", false) || arguments.Bool("use_causal_mask", false);
        var layer = new DotProductAttentionLayer(context.Name, concat, scale, concatWeight, causal);
        return new BuiltLayer(layer, [query[0], value[1]]);
    }

    private static List<string> WeightRoles(LayerArguments arguments)
    {
        var roles = new List<string>();
        if (arguments.Bool("use_scale", false))
        {
            roles.Add("scale");
        }

        var mode = arguments.String("score_mode", "dot");
        if (mode == "concat")
        {
            roles.Add("concat_score_weight");
        }
        else if (mode != "dot")
        {
            throw arguments.Problem($"score_mode '{mode}' is not one of dot, concat");
        }

        return roles;
    }
}
