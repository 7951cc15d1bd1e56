using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// <c>Dense(units, activation, use_bias)</c>: weights <c>kernel [in, units]</c> then <c>bias [units]</c> when
/// <c>use_bias</c> (Keras's default). LoRA and quantized Dense layers (Keras 3) are refused.
/// </summary>
internal sealed class DenseLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames { get; } = ["Dense"];

    public bool HasWeights(JsonObject config) => true;

    public BuiltLayer Create(LayerBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int units;
        bool useBias;
        KerasActivation activation;
        try
        {
            units = context.Config.GetInt("units", 0);
            useBias = context.Config.GetBool("use_bias", true);
            activation = KerasActivation.FromConfig(context.Config["activation"], context.KerasMajorVersion);
        }
        catch (FormatException ex)
        {
            throw ConfigProblem(context, ex.Message, ex);
        }

        if (units <= 0)
        {
            throw ConfigProblem(context, "'units' must be a positive integer");
        }

        if (context.Config["lora_rank"] is not null || context.Config["quantization_config"] is not null)
        {
            throw ConfigProblem(context, "LoRA and quantized Dense layers are not supported");
        }

        if (context.InputShapes.Count != 1 || context.InputShapes[0] is not { Length: > 0 } inputShape || inputShape[^1] is not { } inputWidth)
        {
            throw ConfigProblem(context, "needs one input whose last axis has a known length");
        }

        var expected = useBias ? 2 : 1;
        if (context.Weights.Count != expected)
        {
            throw WeightProblem(context, $"has {context.Weights.Count} weights in the file, expected {expected} (kernel{(useBias ? ", bias" : string.Empty)})");
        }

        var kernel = Expect(context, 0, "kernel", inputWidth, units);
        var bias = useBias ? Expect(context, 1, "bias", units) : null;
        int?[] outputShape = [.. inputShape[..^1], units];
        return new BuiltLayer(new DenseLayer(context.Name, inputWidth, units, kernel, bias, activation), outputShape);
    }

    private static float[] Expect(LayerBuildContext context, int index, string role, params int[] shape)
    {
        var weight = context.Weights[index];
        return weight.Shape.SequenceEqual(shape)
            ? weight.Values
            : throw WeightProblem(context, $"weight {index} ('{weight.Name}', the {role}) has shape {weight.ShapeText}, expected [{string.Join(", ", shape)}]");
    }

    private static ModelFormatException WeightProblem(LayerBuildContext context, string problem) =>
        new(context.WeightsFile, $"layer '{context.Name}' (Dense) {problem}");

    private static ModelFormatException ConfigProblem(LayerBuildContext context, string problem, Exception? inner = null) =>
        new(context.ArchitectureFile, $"layer '{context.Name}' (Dense): {problem}", inner);
}
