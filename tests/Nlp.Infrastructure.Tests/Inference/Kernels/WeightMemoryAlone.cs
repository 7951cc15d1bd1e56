namespace Nlp.Infrastructure.Tests.Inference.Kernels;

/// <summary>
/// Tests that set where packed weights live (<c>WeightMemory.Configure</c>) or count the process's native weight bytes
/// run after the parallel tests, one class at a time, so no other test packs or drops a matrix meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WeightMemoryAlone
{
    public const string Name = "weight memory set alone";
}
