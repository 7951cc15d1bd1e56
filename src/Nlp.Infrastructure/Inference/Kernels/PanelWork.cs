namespace Nlp.Infrastructure.Inference.Kernels;

/// <summary>
/// One product of <see cref="PackedMultiply"/>, run panel by panel: the caller claims panels with an interlocked
/// counter and, for a large product, so do thread-pool helpers (caller-runs: a helper that starts late finds no
/// panel left and the caller never waits for it to start, only for a panel a helper has claimed). Pooled and
/// reference-counted, so a late helper never touches the next product's parameters. Helpers are only asked for while
/// fewer than <see cref="MaxWaitingHelpers"/> asked for earlier have yet to start: when they wait in the thread pool's
/// queue, its threads are busy (a loaded service), a new helper would start too late to take a panel, and the caller
/// runs the product alone.
/// </summary>
internal sealed class PanelWork : IThreadPoolWorkItem
{
    /// <summary>How many helpers may be waiting to start at once (asked for, not yet run): one per core.</summary>
    public static readonly int MaxWaitingHelpers = Environment.ProcessorCount;

    // Items are kept until their last helper has looked; with at most MaxWaitingHelpers waiting, this many cover the
    // products whose helpers are still on their way (fewer ran empty: HotPathAllocationTests).
    private static readonly PanelWork?[] Idle = new PanelWork?[Math.Max(4, 4 * Environment.ProcessorCount)];

    private static int waitingHelpers;
    private static long startedHelpers;

    private PanelProduct product;
    private int nextPanel;
    private int donePanels;
    private int references;

    public static void Run(PanelProduct product, int helpers)
    {
        helpers = Math.Min(helpers, MaxWaitingHelpers - Volatile.Read(ref waitingHelpers));
        if (helpers <= 0)
        {
            for (var panel = 0; panel < product.PanelCount; panel++)
            {
                product.RunPanel(panel);
            }

            return;
        }

        Interlocked.Add(ref waitingHelpers, helpers);
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

    /// <summary>How many helpers have started in this process (tests: that a product was shared).</summary>
    public static long StartedHelpers => Volatile.Read(ref startedHelpers);

    public static int WaitingHelpers => Volatile.Read(ref waitingHelpers);

    void IThreadPoolWorkItem.Execute()
    {
        Interlocked.Decrement(ref waitingHelpers);
        Interlocked.Increment(ref startedHelpers);
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
