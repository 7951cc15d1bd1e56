using System.Text.Json.Nodes;
using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Activations;
using Nlp.Infrastructure.Inference.Layers;

namespace Nlp.Infrastructure.Tests.Inference;

/// <summary>
/// Every layer that takes an activation by name resolves it through <see cref="KerasActivation"/> for the model's
/// Keras version: each layer, built from the production registry with identity weights so that its output is the
/// activation of its input, must give exactly what <see cref="KerasActivation"/> gives for that name and version.
/// </summary>
public sealed class ActivationResolutionTests
{
    private const int Features = 4;

    // Two steps of four features: both hard_sigmoid formulas differ at 1, -2.9 and 0.5.
    private static readonly float[] Input = [1f, -2.9f, 0.5f, 3f, -1f, 2f, -0.3f, 0.01f];

    private static readonly string[] Hosts = ["Dense", "Activation", "Conv1D", "TimeDistributed(Dense)", "TimeDistributed(Activation)", "SimpleRNN"];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var host in Hosts)
        {
            var names = host == "SimpleRNN" ? RecurrentLayerBuilder.ActivationNames : KerasActivation.Names;
            foreach (var name in names)
            {
                data.Add(host, name, 2);
                data.Add(host, name, 3);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Layer_applies_the_one_keras_activation_for_the_model_version(string host, string name, int kerasMajorVersion)
    {
        var output = Run(host, $"\"{name}\"", kerasMajorVersion);

        var expected = (float[])Input.Clone();
        var activation = KerasActivation.FromName(name, kerasMajorVersion)!;
        if (host is "SimpleRNN" or "TimeDistributed(Dense)" or "TimeDistributed(Activation)")
        {
            // These layers apply the activation to one step's vector at a time.
            activation.Apply(expected.AsSpan(0, Features));
            activation.Apply(expected.AsSpan(Features, Features));
        }
        else
        {
            activation.Apply(expected, Features);
        }

        Assert.Equal(expected, output);
    }

    [Theory]
    [InlineData("Conv1D")]
    [InlineData("Dense")]
    [InlineData("TimeDistributed(Dense)")]
    [InlineData("SimpleRNN")]
    public void Hard_sigmoid_in_a_keras3_model_is_the_keras3_formula(string host)
    {
        var keras3 = Run(host, "\"hard_sigmoid\"", 3);
        var keras2 = Run(host, "\"hard_sigmoid\"", 2);

        Assert.Equal(1f / 1.5f, keras3[0], 1e-6f);
        Assert.Equal(0.7f, keras2[0], 1e-6f);
    }

    [Theory]
    [InlineData("Dense")]
    [InlineData("Activation")]
    [InlineData("Conv1D")]
    [InlineData("TimeDistributed(Dense)")]
    [InlineData("SimpleRNN")]
    public void Unknown_activation_is_a_load_error_naming_it(string host)
    {
        var error = Assert.ThrowsAny<Exception>(() => Run(host, "\"swishy\"", 2));

        Assert.IsType<ModelFormatException>(error);
        Assert.Contains("'swishy' is not supported (supported: ", error.Message, StringComparison.Ordinal);
    }

    private static float[] Run(string host, string activationJson, int kerasMajorVersion)
    {
        var identity = new float[Features * Features];
        for (var i = 0; i < Features; i++)
        {
            identity[(i * Features) + i] = 1f;
        }

        var kernel = new WeightArray("kernel", [Features, Features], identity);
        var (className, config, weights) = host switch
        {
            "Dense" => ("Dense", $$"""{"units": 4, "use_bias": false, "activation": {{activationJson}}}""", new[] { kernel }),
            "Activation" => ("Activation", $$"""{"activation": {{activationJson}}}""", []),
            "Conv1D" => ("Conv1D", $$"""{"filters": 4, "kernel_size": 1, "use_bias": false, "activation": {{activationJson}}}""",
                [new WeightArray("kernel", [1, Features, Features], identity)]),
            "TimeDistributed(Dense)" => ("TimeDistributed",
                $$"""{"layer": {"class_name": "Dense", "config": {"units": 4, "use_bias": false, "activation": {{activationJson}} } } }""", [kernel]),
            "TimeDistributed(Activation)" => ("TimeDistributed",
                $$"""{"layer": {"class_name": "Activation", "config": {"activation": {{activationJson}} } } }""", []),
            _ => ("SimpleRNN", $$"""{"units": 4, "use_bias": false, "return_sequences": true, "activation": {{activationJson}}}""",
                [kernel, new WeightArray("recurrent_kernel", [Features, Features], new float[Features * Features])]),
        };

        Assert.True(LayerRegistry.Default.TryGet(className, out var factory));
        var context = new LayerBuildContext("layer_x", className, JsonNode.Parse(config)!.AsObject(), [[2, Features]], weights, "model.h5")
        {
            KerasMajorVersion = kerasMajorVersion,
        };
        var layer = factory.Create(context).Layer;
        return layer.Forward([new Tensor(1, [2, Features], (float[])Input.Clone())]).Data.AsSpan(0, Input.Length).ToArray();
    }
}
