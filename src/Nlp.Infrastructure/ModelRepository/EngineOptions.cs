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

    /// <summary>
    /// Whether weight matrices of 2 MiB and more are kept on transparent huge pages (Linux; mapped outside the GC heap,
    /// returned when their model is dropped; ADR-012). A text's pass over a seed-sized layer then needs a few TLB entries
    /// instead of about a thousand: 4 to 9% less CPU per request on the seed model, at the median of many runs
    /// (docs/benchmarks.md). Off: pinned managed arrays, as before.
    /// </summary>
    public bool HugePages { get; set; } = true;

    /// <summary>
    /// The longest the forward passes of one call may run (a text, a micro-batch, or every part of a batch request
    /// together): a pass still running then is stopped at its next check (before a layer, every 16 recurrent steps,
    /// per attention sample, between parts of a long product) and the request answers 400. It bounds what a very long
    /// text or a costly network can hold a prediction slot for.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.0000001", "1.00:00:00")]
    public TimeSpan MaxComputeTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most values one layer output may hold per text (default 16,777,216: 64 MiB of floats), checked when a model
    /// loads for every shape known then and at run time for lengths set by the text (a network that leaves its number
    /// of steps open): a text over it answers 400. It caps what one text can make a layer allocate; self-attention over
    /// open steps holds steps x steps scores, so the default allows 4,096 tokens per text. At most 268,435,456 (1 GiB).
    /// </summary>
    [Range(1024, Inference.ActivationLimit.LargestMaxValuesPerSample)]
    public long MaxActivationValues { get; set; } = Inference.ActivationLimit.DefaultMaxValuesPerSample;

    /// <summary>
    /// The most pooled values (floats) one forward pass may use (default 67,108,864: 256 MiB): a batch request or
    /// micro-batch that needs more runs in several passes, each sized by what the model's passes have needed per text
    /// (or per token). It bounds what one call holds at once; a single text may still need up to
    /// <see cref="MaxActivationValues"/> per layer output. 1,048,576 (4 MiB) to 1,073,741,824 (4 GiB).
    /// </summary>
    [Range(1L << 20, 1L << 30)]
    public long MaxPassValues { get; set; } = BatchParts.DefaultBudget;
}
