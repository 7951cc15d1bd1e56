using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>LSTM, GRU, SimpleRNN, CuDNNLSTM and CuDNNGRU (see <see cref="RecurrentLayerBuilder"/>).</summary>
internal sealed class RecurrentLayerFactory : ILayerFactory
{
    public IReadOnlyCollection<string> ClassNames => RecurrentLayerBuilder.ClassNames;

    public bool HasWeights(JsonObject config) => true;

    public BuiltLayer Create(LayerBuildContext context) =>
        LayerBuildErrors.Guard(context, () =>
        {
            var layer = RecurrentLayerBuilder.Build(context);
            return new BuiltLayer(layer, layer.OutputShape(context.InputShapes[0][0]));
        });
}
