namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// How many threads one large matrix product may use (the caller plus thread-pool helpers): the number of cores
/// unless configured (<c>Prediction:KernelThreads</c>, or the environment variable <c>NLP_KERNEL_THREADS</c>);
/// 1 keeps every product on its caller's thread. Products smaller than <see cref="PackedMultiply.ParallelWork"/>
/// always stay on the caller's thread.
/// </summary>
internal static class KernelThreads
{
    /// <summary>The environment variable's value, else the number of cores.</summary>
    public static readonly int Default =
        int.TryParse(Environment.GetEnvironmentVariable("NLP_KERNEL_THREADS"), out var threads) && threads > 0 ? threads : Environment.ProcessorCount;

    private static int limit = Default;

    public static int Limit => Volatile.Read(ref limit);

    /// <summary>Sets the limit; 0 or less restores <see cref="Default"/>.</summary>
    public static void Configure(int threads) => Volatile.Write(ref limit, threads > 0 ? threads : Default);
}
