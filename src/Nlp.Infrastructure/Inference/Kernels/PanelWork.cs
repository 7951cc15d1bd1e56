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

    private PanelProduct product;
    private int nextPanel;
    private int donePanels;
    private int references;

    public static void Run(PanelProduct product, int helpers)
    {
        var work = Rent();
        work.product = product;
        work.nextPanel = 0;
        work.donePanels = 0;
        work.references = 1 + helpers;
        for (var i = 0; i < helpers; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
        }

        work.Claim();
        var spin = default(SpinWait);
        while (Volatile.Read(ref work.donePanels) < product.PanelCount)
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
        var panels = product.PanelCount;
        int panel;
        while ((panel = Interlocked.Increment(ref nextPanel) - 1) < panels)
        {
            product.RunPanel(panel);
            Interlocked.Increment(ref donePanels);
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref references) != 0)
        {
            return;
        }

        product = default;
        for (var i = 0; i < Idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref Idle[i], this, null) is null)
            {
                return;
            }
        }
    }
}
