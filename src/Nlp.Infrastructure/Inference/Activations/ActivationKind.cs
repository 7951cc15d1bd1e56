namespace Nlp.Infrastructure.Inference.Activations;

/// <summary>The activation functions of <c>keras.activations</c> that the engine computes.</summary>
internal enum ActivationKind
{
    Linear,
    Relu,
    Relu6,
    LeakyRelu,
    Sigmoid,
    HardSigmoidKeras2,
    HardSigmoidKeras3,
    Tanh,
    Softmax,
    LogSoftmax,
    Softplus,
    Softsign,
    Selu,
    Elu,
    Exponential,
    Swish,
    HardSwish,
    Gelu,
    GeluApproximate,
    Mish,
}
