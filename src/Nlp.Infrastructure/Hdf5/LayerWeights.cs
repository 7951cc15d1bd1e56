using Nlp.Infrastructure.Inference;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// The weights a file stores for one layer, in the order Keras wrote them (<c>weight_names</c>, or <c>vars/0..n</c>).
/// <see cref="Name"/> is the layer group's name: the layer name for the Keras 2 layouts, the class-derived key
/// (<c>dense_1</c>, <c>lstm</c>) for <see cref="KerasWeightsLayout.Keras3"/>.
/// </summary>
internal sealed record LayerWeights(string Name, IReadOnlyList<WeightArray> Weights);
