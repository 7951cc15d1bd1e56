using System.Text.Json.Nodes;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Bidirectional wrapping LSTM, GRU, SimpleRNN, CuDNNLSTM or CuDNNGRU (<c>config.layer</c>). Weights: the forward
/// layer's then the backward layer's. The backward layer is <c>config.backward_layer</c> when the file has one
/// (tf.keras with a custom backward layer, Keras 3), else the wrapped layer with go_backwards flipped (Keras 2,
/// tf.keras). Masked steps: tf.keras and Keras 3 force <c>zero_output_for_mask = return_sequences</c> on both
/// layers, so a returned sequence holds zeros at masked steps; standalone Keras 2 has no such flag and repeats the
/// previous output there. The dialect is read from the wrapped layer's config (<see cref="KerasDialects"/>).
/// merge_mode None (two outputs) is refused.
/// </summary>
internal sealed class BidirectionalLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Bidirectional"];

    public bool HasWeights(JsonObject config) => true;

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var input = LayerBuildErrors.SingleInput(context);
            var merge = Merge(context);
            var (forwardClass, forwardConfig) = Inner(context, "layer")
                ?? throw LayerBuildErrors.Problem(context, "config has no wrapped 'layer'");
            var backwardSpec = Inner(context, "backward_layer");
            var backwardClass = backwardSpec?.ClassName ?? forwardClass;
            var backwardConfig = backwardSpec?.Config ?? Flipped(forwardConfig);

            var forwardCount = RecurrentLayerBuilder.WeightCount(forwardClass, forwardConfig);
            var backwardCount = RecurrentLayerBuilder.WeightCount(backwardClass, backwardConfig);
            if (context.Weights.Count != forwardCount + backwardCount)
            {
                throw LayerBuildErrors.Problem(
                    context,
                    $"expected {forwardCount + backwardCount} weights ({forwardCount} for the forward {forwardClass}, then {backwardCount} for the backward {backwardClass}), found {context.Weights.Count}");
            }

            var sequences = forwardConfig.GetBool("return_sequences", false);
            if (backwardConfig.GetBool("return_sequences", false) != sequences
                || backwardConfig.GetBool("go_backwards", false) == forwardConfig.GetBool("go_backwards", false))
            {
                throw LayerBuildErrors.Problem(context, "the backward layer must match the forward layer's return_sequences and have the opposite go_backwards");
            }

            bool? zeroOutput = KerasDialects.Of(forwardConfig) == KerasDialect.Keras2 ? null : sequences;
            var forward = RecurrentLayerBuilder.Build(
                context with { Name = context.Name + ".forward", ClassName = forwardClass, Config = forwardConfig, Weights = [.. context.Weights.Take(forwardCount)] },
                zeroOutput);
            var backward = RecurrentLayerBuilder.Build(
                context with { Name = context.Name + ".backward", ClassName = backwardClass, Config = backwardConfig, Weights = [.. context.Weights.Skip(forwardCount)] },
                zeroOutput);

            var uf = forward.Options.Units;
            var ub = backward.Options.Units;
            if (merge != BidirectionalMerge.Concat && uf != ub)
            {
                throw LayerBuildErrors.Problem(context, $"merge_mode '{merge.ToString().ToLowerInvariant()}' needs equal units, got {uf} and {ub}");
            }

            var width = merge == BidirectionalMerge.Concat ? uf + ub : uf;
            int?[] shape = sequences ? [input[0], width] : [width];
            return new BuiltLayer(new BidirectionalLayer(context.Name, forward, backward, merge), shape);
        });

    private static BidirectionalMerge Merge(LayerBuildContext context)
    {
        if (context.Config.TryGetPropertyValue("merge_mode", out var node) && node is null)
        {
            throw LayerBuildErrors.Problem(context, "merge_mode None (two separate outputs) is not supported");
        }

        var mode = context.Config.GetString("merge_mode", "concat");
        return mode switch
        {
            "concat" => BidirectionalMerge.Concat,
            "sum" => BidirectionalMerge.Sum,
            "ave" => BidirectionalMerge.Ave,
            "mul" => BidirectionalMerge.Mul,
            _ => throw LayerBuildErrors.Problem(context, $"merge_mode '{mode}' is not one of concat, sum, ave, mul"),
        };
    }

    private static (string ClassName, JsonObject Config)? Inner(LayerBuildContext context, string key)
    {
        if (!context.Config.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject spec || spec["config"] is not JsonObject config)
        {
            throw LayerBuildErrors.Problem(context, $"config '{key}' must be an object with 'class_name' and 'config'");
        }

        var className = spec.GetString("class_name") ?? throw LayerBuildErrors.Problem(context, $"config '{key}' has no class_name");
        if (!RecurrentLayerBuilder.ClassNames.Contains(className))
        {
            throw LayerBuildErrors.Problem(
                context,
                $"wraps {className}, which is not supported (supported: {string.Join(", ", RecurrentLayerBuilder.ClassNames)})");
        }

        return (className, config);
    }

    private static JsonObject Flipped(JsonObject config)
    {
        var copy = (JsonObject)config.DeepClone();
        copy["go_backwards"] = !config.GetBool("go_backwards", false);
        return copy;
    }
}
