namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>The elementwise merge layers of Keras.</summary>
internal enum MergeOperation
{
    Add,
    Subtract,
    Multiply,
    Average,
    Maximum,
    Minimum,
}
