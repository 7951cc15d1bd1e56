namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// One product of <see cref="PackedMultiply"/>, run panel by panel: the caller claims panels with an interlocked
/// counter and, for a large product, so do thread-pool helpers (caller-runs: a helper that starts late finds no
/// panel left and the caller never waits for it to start, only for a panel a helper has claimed). Pooled and
/// reference-counted, so a late helper never touches the next product's parameters.
/// </summary>
internal sealed class PanelWork : IThreadPoolWorkItem
{
    private static readonly PanelWork?[] Idle = new PanelWork?[Math.Max(4, 2 * Environment.ProcessorCount)];

    private PackedMatrix weights = null!;
    private float[] x = null!;
    private float[]? bias;
    private float[] output = null!;
    private NonZeroRows sparse;
    private int rows;
    private int denseRows;
    private bool accumulate;
    private bool relu;
    private bool portable;
    private int nextPanel;
    private int donePanels;
    private int references;

    public static void Run(
        PackedMatrix weights, float[] x, int rows, int denseRows, NonZeroRows sparse, float[]? bias, bool accumulate, bool relu, float[] output,
        bool portable, int helpers)
    {
        var work = Rent();
        (work.weights, work.x, work.rows, work.denseRows, work.sparse, work.bias) = (weights, x, rows, denseRows, sparse, bias);
        (work.accumulate, work.relu, work.output, work.portable) = (accumulate, relu, output, portable);
        work.nextPanel = 0;
        work.donePanels = 0;
        work.references = 1 + helpers;
        for (var i = 0; i < helpers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
        }

        work.Claim();
        var spin = default(SpinWait);
        while (Volatile.Read(ref work.donePanels) < weights.PanelCount)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        work.Release();
    }

    void IThreadPoolWorkItem.Execute()
    {
        Claim();
        Release();
    }

    private static PanelWork Rent()
    {
        for (var i = 0; i < Idle.Length; i++)
        {
            if (Volatile.Read(ref Idle[i]) is not null && Interlocked.Exchange(ref Idle[i], null) is { } work)
            {
                return work;
            }
        }

        return new PanelWork();
    }

    private void Claim()
    {
        var panels = weights.PanelCount;
        int panel;
        while ((panel = Interlocked.Increment(ref nextPanel) - 1) < panels)
        {
            PackedMultiply.RunPanel(weights, panel, x, rows, denseRows, sparse, bias, accumulate, relu, output, portable);
            Interlocked.Increment(ref donePanels);
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref references) != 0)
        {
            return;
        }

        (weights, x, bias, output, sparse) = (null!, null!, null, null!, default);
        for (var i = 0; i < Idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref Idle[i], this, null) is null)
            {
                return;
            }
        }
    }
}
