namespace Nlp.Infrastructure.Inference;

/// <summary>
/// One compiled Keras layer: immutable after construction and safe to call from many threads at once.
/// </summary>
internal interface ILayer
{
    /// <summary>The layer's name in the Keras config.</summary>
    string Name { get; }

    /// <summary>The Keras <c>class_name</c>.</summary>
    string ClassName { get; }

    /// <summary>Number of weight values the layer holds (for model summaries).</summary>
    long ParameterCount { get; }

    /// <summary>Inference-mode forward pass. Most layers take one input; merge layers take several.</summary>
    Tensor Forward(IReadOnlyList<Tensor> inputs);

    /// <summary>
    /// The same pass inside a network call: the output may live in <paramref name="scratch"/> (valid until the call
    /// ends), so a warm call allocates nothing. Layers that do not override this allocate their output.
    /// </summary>
    Tensor Forward(IReadOnlyList<Tensor> inputs, LayerScratch scratch) => Forward(inputs);
}
