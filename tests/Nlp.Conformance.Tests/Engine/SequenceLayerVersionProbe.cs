using System.Text.Json.Nodes;
using Nlp.Infrastructure.Inference;
using Nlp.Infrastructure.Inference.Layers;
using Nlp.Infrastructure.Keras;

namespace Nlp.Conformance.Tests.Engine;

/// <summary>
/// Wraps every factory of <see cref="LayerRegistry.Default"/> to record, for each sequence layer the builder creates
/// (LSTM, GRU, SimpleRNN, CuDNN*, and the layers inside Bidirectional and TimeDistributed), the Keras major version
/// the builder passed and the one the layer's own config keys tell (the recurrent layers' fallback).
/// </summary>
internal sealed class SequenceLayerVersionProbe
{
    private readonly List<string> seen = [];

    public SequenceLayerVersionProbe()
    {
        var factories = LayerRegistry.Default.ClassNames
            .Select(name => LayerRegistry.Default.TryGet(name, out var factory) ? factory : throw new InvalidOperationException(name))
            .Distinct()
            .Select(factory => (ILayerFactory)new Recording(factory, this));
        Registry = new LayerRegistry(factories);
    }

    public LayerRegistry Registry { get; }

    /// <summary>Where the two answers agree: "model/layer (class): builder N, config N".</summary>
    public List<string> Agreements { get; } = [];

    public List<string> Disagreements { get; } = [];

    public string Model { get; set; } = "";

    /// <summary>Records each sequence config of one layer against <paramref name="builderVersion"/> (once per model and layer).</summary>
    public void Observe(string layer, string className, JsonObject config, int? builderVersion)
    {
        foreach (var (innerClass, inner) in SequenceConfigs(className, config))
        {
            var key = $"{Model}/{layer} ({innerClass})";
            if (seen.Contains(key))
            {
                continue;
            }

            seen.Add(key);
            var fromConfig = KerasDialects.MajorVersionOf(inner);
            (builderVersion == fromConfig ? Agreements : Disagreements).Add($"{key}: builder {builderVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, config keys {fromConfig}");
        }
    }

    private static IEnumerable<(string ClassName, JsonObject Config)> SequenceConfigs(string className, JsonObject config)
    {
        if (RecurrentLayerBuilder.ClassNames.Contains(className))
        {
            yield return (className, config);
        }

        if (className is "Bidirectional" or "TimeDistributed")
        {
            foreach (var key in new[] { "layer", "backward_layer" })
            {
                if (config[key] is JsonObject spec && spec["config"] is JsonObject inner)
                {
                    yield return ($"{className}({spec.GetString("class_name")})", inner);
                }
            }
        }
    }

    private sealed class Recording(ILayerFactory inner, SequenceLayerVersionProbe probe) : ILayerFactory
    {
        public IReadOnlyCollection<string> ClassNames => inner.ClassNames;

        public bool HasWeights(JsonObject config) => inner.HasWeights(config);

        public BuiltLayer Create(LayerBuildContext context)
        {
            probe.Observe(context.Name, context.ClassName, context.Config, context.KnownKerasMajorVersion);
            return inner.Create(context);
        }
    }
}
