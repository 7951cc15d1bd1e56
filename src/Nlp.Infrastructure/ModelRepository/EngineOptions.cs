using System.ComponentModel.DataAnnotations;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>Engine settings (configuration section <c>Prediction</c>).</summary>
internal sealed class EngineOptions
{
    public const string SectionName = "Prediction";

    /// <summary>
    /// Threads one large matrix product may use (a batch, or the seed model's 1000x1024 layer at batch 1): 0 means
    /// the number of cores, 1 keeps every forward pass on its request's thread. See docs/benchmarks.md.
    /// </summary>
    [Range(0, 1024)]
    public int KernelThreads { get; set; }
}
