using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>
/// Builds <see cref="RecurrentLayer"/>s from Keras configs and weights (kernel, recurrent_kernel, bias in
/// <c>get_weights()</c> order), for the plain layers and for the layers inside Bidirectional.
/// Defaults for keys a config lacks are Keras 2's (LSTM/GRU recurrent_activation hard_sigmoid, GRU reset_after
/// false): tf.keras and Keras 3 always write these keys, only Keras 2.0/2.1 files and hand-written configs omit them.
/// CuDNNLSTM/CuDNNGRU are served as their CPU equivalents with tanh / sigmoid, converted as Keras's own weight
/// conversion does: kernels from cuDNN's layout (<see cref="CuDnnKernelLayout"/>), CuDNNLSTM's bias [8u] the input bias
/// plus the recurrent bias (summed), CuDNNGRU's bias [6u] a reset_after GRU's [2, 3u].
/// Activations are <see cref="KerasActivation"/>s for the model's Keras version (<see cref="KerasDialects.MajorVersion"/>),
/// limited to <see cref="ActivationNames"/>.
/// </summary>
internal static class RecurrentLayerBuilder
{
    public static IReadOnlyCollection<string> ClassNames { get; } = ["LSTM", "GRU", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU"];

    /// <summary>The activation names the sequence layers accept for <c>activation</c> and <c>recurrent_activation</c>.</summary>
    public static IReadOnlyCollection<string> ActivationNames { get; } =
    [
        "linear", "tanh", "sigmoid", "hard_sigmoid", "relu", "relu6", "elu", "selu", "softplus", "softsign",
        "exponential", "swish", "silu", "softmax",
    ];

    public static int WeightCount(string className, JsonObject config) =>
        className.StartsWith("CuDNN", StringComparison.Ordinal) || config.GetBool("use_bias", true) ? 3 : 2;

    /// <param name="context">The layer's name, class, config, input shape and weights.</param>
    /// <param name="zeroOutputForMask">Set by Bidirectional (tf.keras / Keras 3 force it); null reads the config.</param>
    public static RecurrentLayer Build(LayerBuildContext context, bool? zeroOutputForMask = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Config;
        var input = LayerBuildErrors.SequenceInput(context);

        var units = config.GetInt("units", 0);
        if (units <= 0)
        {
            throw LayerBuildErrors.Problem(
                context,
                config.ContainsKey("output_dim")
                    ? "config has Keras 1 'output_dim' instead of 'units': Keras 1 files are not supported"
                    : "config needs a positive 'units'");
        }

        if (config.GetBool("stateful", false))
        {
            throw LayerBuildErrors.Problem(context, "stateful=True is not supported: a stateless server does not carry state from one request to the next");
        }

        if (config.GetBool("time_major", false))
        {
            throw LayerBuildErrors.Problem(context, "time_major=True is not supported");
        }

        var count = WeightCount(context.ClassName, config);
        LayerBuildErrors.ExpectCount(context, count, count == 3 ? "kernel, recurrent_kernel, bias" : "kernel, recurrent_kernel");
        var features = input[1] ?? (context.Weights[0].Shape is [var rows, _] ? rows : 0);
        var isCuDnn = context.ClassName.StartsWith("CuDNN", StringComparison.Ordinal);
        var options = new RecurrentOptions(
            units,
            config.GetBool("return_sequences", false),
            config.GetBool("go_backwards", false),
            zeroOutputForMask ?? config.GetBool("zero_output_for_mask", false),
            AcceptsMask: !isCuDnn);
        RecurrentCell cell = context.ClassName switch
        {
            "LSTM" => Lstm(context, features, units, count == 3),
            "CuDNNLSTM" => CuDnnLstm(context, features, units),
            "GRU" => Gru(context, features, units, count == 3),
            "CuDNNGRU" => CuDnnGru(context, features, units),
            "SimpleRNN" => SimpleRnn(context, features, units, count == 3),
            _ => throw LayerBuildErrors.Problem(context, "is not a recurrent layer class"),
        };
        var parameters = context.Weights.Sum(w => (long)w.Values.Length);
        return new RecurrentLayer(context.Name, context.ClassName, cell, options, parameters);
    }

    private static LstmCell Lstm(LayerBuildContext context, int features, int units, bool useBias)
    {
        var recurrentActivation = Activation(context, "recurrent_activation", "hard_sigmoid");
        return new(
            features,
            units,
            LayerBuildErrors.Expect(context, 0, "kernel", features, 4 * units),
            useBias ? LayerBuildErrors.Expect(context, 2, "bias", 4 * units) : null,
            LayerBuildErrors.Expect(context, 1, "recurrent kernel", units, 4 * units),
            Activation(context, "activation", "tanh"),
            recurrentActivation,
            elementwiseGates: recurrentActivation.Kind != ActivationKind.Softmax);
    }

    private static LstmCell CuDnnLstm(LayerBuildContext context, int features, int units)
    {
        var stored = LayerBuildErrors.Expect(context, 2, "bias (input then recurrent)", 8 * units);
        var bias = new float[4 * units];
        for (var k = 0; k < bias.Length; k++)
        {
            bias[k] = stored[k] + stored[(4 * units) + k];
        }

        return new LstmCell(
            features,
            units,
            CuDnnKernelLayout.ToKeras(LayerBuildErrors.Expect(context, 0, "kernel", features, 4 * units), features, units, 4),
            bias,
            CuDnnKernelLayout.ToKeras(LayerBuildErrors.Expect(context, 1, "recurrent kernel", units, 4 * units), units, units, 4),
            Fixed("tanh"),
            Fixed("sigmoid"));
    }

    private static GruCell Gru(LayerBuildContext context, int features, int units, bool useBias)
    {
        var resetAfter = context.Config.GetBool("reset_after", false);
        float[]? inputBias = null;
        float[]? recurrentBias = null;
        if (useBias && resetAfter)
        {
            var weight = context.Weights[2];
            var bias = weight.Shape.SequenceEqual([6 * units])
                ? weight.Values
                : LayerBuildErrors.Expect(context, 2, "bias (reset_after: input row, recurrent row)", 2, 3 * units);
            inputBias = bias[..(3 * units)];
            recurrentBias = bias[(3 * units)..];
        }
        else if (useBias)
        {
            inputBias = LayerBuildErrors.Expect(context, 2, "bias", 3 * units);
        }

        return new GruCell(
            features,
            units,
            LayerBuildErrors.Expect(context, 0, "kernel", features, 3 * units),
            inputBias,
            LayerBuildErrors.Expect(context, 1, "recurrent kernel", units, 3 * units),
            recurrentBias,
            resetAfter,
            Activation(context, "activation", "tanh"),
            Activation(context, "recurrent_activation", "hard_sigmoid"));
    }

    private static GruCell CuDnnGru(LayerBuildContext context, int features, int units)
    {
        var bias = LayerBuildErrors.Expect(context, 2, "bias (input then recurrent)", 6 * units);
        return new GruCell(
            features,
            units,
            CuDnnKernelLayout.ToKeras(LayerBuildErrors.Expect(context, 0, "kernel", features, 3 * units), features, units, 3),
            bias[..(3 * units)],
            CuDnnKernelLayout.ToKeras(LayerBuildErrors.Expect(context, 1, "recurrent kernel", units, 3 * units), units, units, 3),
            bias[(3 * units)..],
            resetAfter: true,
            Fixed("tanh"),
            Fixed("sigmoid"));
    }

    private static SimpleRnnCell SimpleRnn(LayerBuildContext context, int features, int units, bool useBias) =>
        new(
            features,
            units,
            LayerBuildErrors.Expect(context, 0, "kernel", features, units),
            useBias ? LayerBuildErrors.Expect(context, 2, "bias", units) : null,
            LayerBuildErrors.Expect(context, 1, "recurrent kernel", units, units),
            Activation(context, "activation", "tanh"));

    /// <summary>The activation under <paramref name="key"/>: absent → <paramref name="defaultName"/>, null → linear.</summary>
    private static KerasActivation Activation(LayerBuildContext context, string key, string defaultName)
    {
        var name = context.Config.TryGetPropertyValue(key, out var node) ? KerasActivation.NameOf(node) : defaultName;
        return ActivationNames.Contains(name)
            ? KerasActivation.FromName(name, KerasDialects.MajorVersion(context, context.Config))!
            : throw LayerBuildErrors.Problem(context, $"{key} '{name}' is not supported (supported: {string.Join(", ", ActivationNames)})");
    }

    private static KerasActivation Fixed(string name) => KerasActivation.FromName(name, 2) ?? throw new InvalidOperationException(name);
}
