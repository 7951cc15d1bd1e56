namespace Nlp.Infrastructure.Keras;

/// <summary>
/// A Keras model config as a graph. Sequential models are expressed as a chain (with their input layer made
/// explicit), so one builder handles both kinds. <see cref="Layers"/> is in Keras's <c>model.layers</c> order, the
/// order <c>load_weights</c> pairs layers with the weights file (an implicit input layer comes first and has no
/// weights). <see cref="KerasMajorVersion"/> is 3 for Keras 3 configs, else 2 (from <c>keras_version</c> when the
/// text has one, else from Keras-3-only keys such as <c>module</c> or <c>batch_shape</c>).
/// </summary>
internal sealed record ModelArchitecture(
    string ClassName,
    string Name,
    IReadOnlyList<ArchitectureLayer> Layers,
    IReadOnlyList<TensorReference> Inputs,
    IReadOnlyList<TensorReference> Outputs,
    string? KerasVersion,
    int KerasMajorVersion)
{
    public bool IsSequential => ClassName == "Sequential";
}
