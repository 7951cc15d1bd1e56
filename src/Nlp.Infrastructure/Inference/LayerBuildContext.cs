using System.Text.Json.Nodes;

namespace Nlp.Infrastructure.Inference;

/// <summary>
/// What a layer factory gets to build one layer: its config (the <c>config</c> object of the Keras layer entry),
/// the shapes of its inputs (without the batch axis; <c>null</c> for an unknown length such as a variable time axis),
/// the weights stored for it in file order, and the weights file name for error messages.
/// </summary>
internal sealed record LayerBuildContext(
    string Name,
    string ClassName,
    JsonObject Config,
    IReadOnlyList<int?[]> InputShapes,
    IReadOnlyList<WeightArray> Weights,
    string WeightsFile);
