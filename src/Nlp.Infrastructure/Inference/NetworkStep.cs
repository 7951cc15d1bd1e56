namespace Nlp.Infrastructure.Inference;

/// <summary>One call of a layer in execution order: reads tensors from slots, writes its output to a slot.</summary>
internal sealed record NetworkStep(ILayer Layer, int[] InputSlots, int OutputSlot);
