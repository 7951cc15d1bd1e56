namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Builds <see cref="Conv1DLayer"/> from a Keras 2 / tf.keras / Keras 3 <c>Conv1D</c> config.</summary>
internal static class Conv1DFactory
{
    private static readonly string[] Paddings = ["valid", "same", "causal"];

    public static ILayerFactory Instance { get; } =
        LayerFactory.WithWeights("Conv1D", Create);

    private static BuiltLayer Create(LayerBuildContext context)
    {
        var arguments = new LayerArguments(context);
        arguments.RequireChannelsLast();
        var inputShape = arguments.SingleInput(2);
        var channels = arguments.Known(inputShape[1], "channel axis");
        var filters = arguments.Int("filters", 0);
        var kernelSize = arguments.Window("kernel_size", 0);
        var stride = arguments.Window("strides", 1);
        var dilation = arguments.Window("dilation_rate", 1);
        var groups = arguments.Int("groups", 1);
        var padding = arguments.String("padding", "valid") ?? "valid";
        var useBias = arguments.Bool("use_bias", true);
        if (filters < 1 || kernelSize < 1)
        {
            throw arguments.Problem("filters and kernel_size must be positive");
        }

        if (!Paddings.Contains(padding))
        {
            throw arguments.Problem($"padding '{padding}' is not one of valid, same, causal");
        }

        if (groups < 1 || channels % groups != 0 || filters % groups != 0)
        {
            throw arguments.Problem($"groups = {groups} must divide the {channels} input channels and the {filters} filters");
        }

        int? outputLength = null;
        if (inputShape[0] is { } length)
        {
            outputLength = Conv1DGeometry.Of(padding, length, kernelSize, stride, dilation).OutputLength;
            if (outputLength <= 0)
            {
                throw arguments.Problem($"the input's {length} steps are shorter than the kernel window ({kernelSize} with dilation {dilation})");
            }
        }

        var activation = arguments.Activation();
        arguments.ExpectWeightCount(useBias ? 2 : 1, useBias ? "kernel, bias" : "kernel");
        var kernel = arguments.Weight(0, "kernel", kernelSize, channels / groups, filters);
        var bias = useBias ? arguments.Weight(1, "bias", filters) : null;

        var settings = new Conv1DSettings(channels, filters, kernelSize, stride, dilation, groups, padding);
        return new BuiltLayer(new Conv1DLayer(context.Name, settings, kernel, bias, activation), [outputLength, filters]);
    }
}
