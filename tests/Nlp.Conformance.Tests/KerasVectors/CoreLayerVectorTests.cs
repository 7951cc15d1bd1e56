using System.Text.Json.Nodes;

namespace Nlp.Conformance.Tests.KerasVectors;

/// <summary>
/// Every vector of the keras-vectors files for the core (non-recurrent) layers, run through the engine's layers and
/// compared with real Keras's output within 1e-4. Keys without a model in <c>.models.json</c> are hand-written
/// vectors and are skipped, as the README says.
/// </summary>
public sealed class CoreLayerVectorTests
{
    private const double Tolerance = 1e-4;

    /// <summary>The vector files of the layers this part of the engine serves.</summary>
    private static readonly string[] Files =
    [
        "advanced_activations",
        "convolutional/Conv1D",
        "core/Flatten",
        "core/Permute",
        "core/RepeatVector",
        "core/Reshape",
        "merge/Add",
        "merge/Average",
        "merge/Concatenate",
        "merge/Dot",
        "merge/Maximum",
        "merge/Minimum",
        "merge/Multiply",
        "merge/Subtract",
        "noise/GaussianDropout",
        "noise/GaussianNoise",
        "normalization/BatchNormalization",
        "pooling/AveragePooling1D",
        "pooling/MaxPooling1D",
    ];

    public static TheoryData<string, string> Vectors()
    {
        var data = new TheoryData<string, string>();
        if (CoreVectorFiles.Root is not { } root)
        {
            data.Add("(shared absent)", "");
            return data;
        }

        foreach (var file in Files)
        {
            var vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(root, file + ".json")))!.AsObject();
            foreach (var (key, _) in vectors)
            {
                data.Add(file, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_matches_keras(string file, string key)
    {
        if (CoreVectorFiles.Root is not { } root)
        {
            Assert.Skip("../shared/keras-vectors is absent: the Keras vector conformance tests were skipped");
            return;
        }

        var vector = JsonNode.Parse(File.ReadAllText(Path.Combine(root, file + ".json")))![key]!.AsObject();
        var modelsPath = Path.Combine(root, file + ".models.json");
        var model = File.Exists(modelsPath) ? JsonNode.Parse(File.ReadAllText(modelsPath))![key]?.AsObject() : null;
        if (model is null)
        {
            Assert.Skip($"{key} has no model in {file}.models.json (hand-written vector): skipped as the README says");
            return;
        }

        var layers = model["config"]!["layers"]!.AsArray().Select(l => l!["config"]!.AsObject());
        if (layers.Any(c => c.TryGetPropertyValue("stateful", out var s) && s?.GetValue<bool>() == true))
        {
            Assert.Skip($"{key} is stateful (predicted twice on carried state): a stateless server skips it");
            return;
        }

        var output = CoreVectorModelRunner.Run(model, vector);
        var expected = vector["expected"]!.AsObject();
        Assert.Equal(CoreVectorModelRunner.Shape(expected), output.Shape);
        var values = CoreVectorModelRunner.Data(expected);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(
                Math.Abs(values[i] - output.Data[i]) <= Tolerance,
                $"{key}: value {i} is {output.Data[i]}, Keras gives {values[i]}");
        }
    }
}
