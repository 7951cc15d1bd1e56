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
    string WeightsFile)
{
    private readonly int? knownKerasMajorVersion;

    /// <summary>
    /// The major version of the Keras that wrote the model (2 for Keras 2 and tf.keras, 3 for Keras 3), from the
    /// weights file's <c>keras_version</c> or the config; where behaviour differs (for example <c>hard_sigmoid</c>).
    /// 2 when nobody set it (see <see cref="KnownKerasMajorVersion"/>).
    /// </summary>
    public int KerasMajorVersion
    {
        get => knownKerasMajorVersion ?? 2;
        init => knownKerasMajorVersion = value;
    }

    /// <summary>
    /// The version the builder set (from the weights file or the architecture), or null for a context built without
    /// one; layers that can tell the version from their own config keys (the recurrent ones) fall back to those.
    /// </summary>
    public int? KnownKerasMajorVersion => knownKerasMajorVersion;

    /// <summary>The architecture file (or the weights file, when the config came from its <c>model_config</c>).</summary>
    public string ArchitectureFile { get; init; } = WeightsFile;
}
