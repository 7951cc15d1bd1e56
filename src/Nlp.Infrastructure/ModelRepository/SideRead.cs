using System.Runtime.ExceptionServices;

namespace Nlp.Infrastructure.ModelRepository;

/// <summary>
/// A step of a model load that needs nothing the load computes (a pickle to parse, files to hash): it starts on the
/// thread pool at once and runs beside the weights and the network; <see cref="Get"/> returns its result, or throws
/// its exception, where the load would have run it, so a folder's errors come in the same order as one step after
/// another. If no pool thread has started it by then, <see cref="Get"/> runs it on the caller's thread: a busy pool
/// never makes a load wait. A result or error nobody asks for (an earlier step failed) is dropped.
/// </summary>
internal sealed class SideRead<T>
{
    private readonly Func<T> work;
    private readonly ManualResetEventSlim done = new();
    private int claimed;
    private T? result;
    private ExceptionDispatchInfo? error;

    public SideRead(Func<T> work)
        : this(work, static read => ThreadPool.UnsafeQueueUserWorkItem(static r => r.Run(), read, preferLocal: false))
    {
    }

    /// <summary>With <paramref name="start"/> instead of the thread pool (tests).</summary>
    internal SideRead(Func<T> work, Action<SideRead<T>> start)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(start);
        this.work = work;
        start(this);
    }

    /// <summary>The result, once the work has run (here, if it has not started); the work's exception, rethrown.</summary>
    public T Get()
    {
        Run();
        done.Wait();
        error?.Throw();
        return result!;
    }

    private void Run()
    {
        if (Interlocked.Exchange(ref claimed, 1) != 0)
        {
            return;
        }

        try
        {
            result = work();
        }
        catch (Exception e)
        {
            error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            done.Set();
        }
    }
}
