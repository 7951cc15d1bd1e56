namespace Nlp.Infrastructure.Hdf5;

/// <summary>How a Keras HDF5 file stores its weights.</summary>
internal enum KerasWeightsLayout
{
    /// <summary><c>model.save_weights()</c> (Keras 2, tf.keras, Keras 3 legacy <c>.h5</c>): root attribute <c>layer_names</c>.</summary>
    SavedWeights,

    /// <summary><c>model.save()</c> to HDF5: the same structure in group <c>model_weights</c>, plus root attribute <c>model_config</c>.</summary>
    FullModel,

    /// <summary>Keras 3 <c>*.weights.h5</c>: <c>layers/&lt;name&gt;/vars/0..n</c>, keyed by class-derived names, not by order.</summary>
    Keras3,
}
