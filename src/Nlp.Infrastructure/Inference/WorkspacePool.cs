namespace Nlp.Infrastructure.Inference;

/// <summary>
/// A few idle <see cref="ForwardWorkspace"/>s of one network, handed out without locks (one interlocked exchange per
/// slot looked at). When every kept workspace is in use a new one is made, and kept on return if a slot is free.
/// </summary>
internal sealed class WorkspacePool(Func<ForwardWorkspace> create)
{
    private readonly ForwardWorkspace?[] idle = new ForwardWorkspace?[Math.Max(4, 2 * Environment.ProcessorCount)];

    public ForwardWorkspace Rent()
    {
        for (var i = 0; i < idle.Length; i++)
        {
            if (Volatile.Read(ref idle[i]) is not null && Interlocked.Exchange(ref idle[i], null) is { } workspace)
            {
                return workspace;
            }
        }

        return create();
    }

    public void Return(ForwardWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.Release();
        for (var i = 0; i < idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref idle[i], workspace, null) is null)
            {
                return;
            }
        }
    }
}
