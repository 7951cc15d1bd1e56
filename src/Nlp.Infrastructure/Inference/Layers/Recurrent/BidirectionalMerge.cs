namespace Nlp.Infrastructure.Inference.Layers;

/// <summary>Bidirectional's <c>merge_mode</c>s that give one output (None gives two and is refused).</summary>
internal enum BidirectionalMerge
{
    Concat,
    Sum,
    Ave,
    Mul,
}
