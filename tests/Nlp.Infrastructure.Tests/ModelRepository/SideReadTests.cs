using Nlp.Infrastructure.Common;
using Nlp.Infrastructure.ModelRepository;

namespace Nlp.Infrastructure.Tests.ModelRepository;

/// <summary>
/// <see cref="SideRead{T}"/>: a load step run beside the others gives its result or its exception where it is taken,
/// runs once, and runs on the taker's thread when no pool thread has started it.
/// </summary>
public sealed class SideReadTests
{
    [Fact]
    public void Gives_the_result_of_work_run_on_the_pool()
    {
        using var started = new ManualResetEventSlim();
        var read = new SideRead<int>(() =>
        {
            started.Set();
            return 42;
        });

        Assert.True(started.Wait(TimeSpan.FromSeconds(10)), "no pool thread ran the work");
        Assert.Equal(42, read.Get());
    }

    [Fact]
    public void Runs_on_the_takers_thread_when_no_thread_started_it_and_only_once()
    {
        var runs = 0;
        var thread = -1;
        var read = new SideRead<string>(
            () =>
            {
                runs++;
                thread = Environment.CurrentManagedThreadId;
                return "done";
            },
            _ => { });

        Assert.Equal(0, runs);
        Assert.Equal("done", read.Get());
        Assert.Equal("done", read.Get());
        Assert.Equal(1, runs);
        Assert.Equal(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public void Throws_the_works_own_exception_where_it_is_taken()
    {
        var failure = new ModelFormatException("tokenizer.pkl", "not a pickle.");
        var read = new SideRead<int>(() => throw failure);

        var thrown = Assert.Throws<ModelFormatException>(() => read.Get());

        Assert.Same(failure, thrown);
        Assert.Same(failure, Assert.Throws<ModelFormatException>(() => read.Get()));
    }
}
