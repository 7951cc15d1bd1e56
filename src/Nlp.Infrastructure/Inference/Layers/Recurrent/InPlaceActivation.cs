namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>An activation applied in place to one vector (a gate's units, or a step's features for softmax).</summary>
internal delegate void InPlaceActivation(Span<float> values);
