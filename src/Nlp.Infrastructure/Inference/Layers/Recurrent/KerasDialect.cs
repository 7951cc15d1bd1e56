namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Which Keras wrote a layer config, where the answer changes the numbers (see <see cref="KerasDialects"/>).</summary>
internal enum KerasDialect
{
    /// <summary>Standalone Keras 2.x (keras-team/keras up to 2.3), or a config that does not say.</summary>
    Keras2,

    /// <summary>tf.keras (TensorFlow 1.13+ and 2.x, tf-keras).</summary>
    TfKeras,

    /// <summary>Keras 3.</summary>
    Keras3,
}
