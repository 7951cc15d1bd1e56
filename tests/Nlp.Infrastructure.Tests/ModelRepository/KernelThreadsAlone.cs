namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// Tests that set the process-wide kernel-thread count (<c>KernelThreads.Configure</c>) run after the parallel tests,
/// one class at a time, so no other test's forward pass runs with their setting.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelThreadsAlone
{
    public const string Name = "kernel threads set alone";
}
