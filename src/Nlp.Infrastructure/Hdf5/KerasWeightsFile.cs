using Nlp.Infrastructure.Keras;

namespace Nlp.Infrastructure.Hdf5;

/// <summary>
/// What a Keras HDF5 file holds: its layers' weights in file order and, for <c>model.save()</c> files, the model
/// config (JSON text, so the architecture file is optional). <see cref="FileName"/> is relative to the model folder.
/// </summary>
internal sealed record KerasWeightsFile(
    string FileName,
    KerasWeightsLayout Layout,
    IReadOnlyList<LayerWeights> Layers,
    string? ModelConfigJson,
    string? KerasVersion,
    string? Backend)
{
    /// <summary>The Keras major version that wrote the file: from <c>keras_version</c>, 3 for the Keras 3 layout.</summary>
    public int? KerasMajorVersion => KerasVersionDetector.MajorOf(KerasVersion) ?? (Layout == KerasWeightsLayout.Keras3 ? 3 : null);

    public long ValueCount => Layers.Sum(l => l.Weights.Sum(w => (long)w.Values.Length));
}
