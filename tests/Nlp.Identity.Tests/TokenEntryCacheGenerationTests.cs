using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nlp.Identity.Validation;
using OpenIddict.Abstractions;

namespace Nlp.Identity.Tests;

/// <summary>
/// <see cref="TokenEntryCache"/> against a token manager whose store reads the test controls: what a read that was
/// under way when a revocation was written found is not kept past that revocation.
/// </summary>
public sealed class TokenEntryCacheGenerationTests
{
    [Fact]
    public async Task A_read_under_way_during_an_invalidation_is_not_kept()
    {
        var store = new ControlledStore();
        using var cache = NewCache();
        var services = store.Services();

        store.NextRead = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var underWay = cache.GetAsync("t1", services, CancellationToken.None).AsTask();
        await store.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        cache.Invalidate();                      // a revocation written while the read above was in flight
        store.NextRead.SetResult(true);          // the read saw the entry as it was before: valid
        Assert.True((await underWay)!.IsValid);

        store.Valid = false;
        var next = await cache.GetAsync("t1", services, CancellationToken.None);

        Assert.False(next!.IsValid);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task An_entry_is_read_once_while_kept_and_again_after_an_invalidation()
    {
        var store = new ControlledStore();
        using var cache = NewCache();
        var services = store.Services();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await cache.GetAsync("t1", services, CancellationToken.None))!.IsValid);
        }

        Assert.Equal(1, store.Reads);
        store.Valid = false;
        cache.Invalidate();
        Assert.False((await cache.GetAsync("t1", services, CancellationToken.None))!.IsValid);
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task A_missing_entry_is_answered_as_null_and_not_kept()
    {
        var store = new ControlledStore { Exists = false };
        using var cache = NewCache();
        var services = store.Services();

        Assert.Null(await cache.GetAsync("t1", services, CancellationToken.None));
        Assert.Null(await cache.GetAsync("t1", services, CancellationToken.None));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public void A_ticket_validated_before_an_invalidation_is_not_kept_and_a_kept_one_goes_stale_with_the_next()
    {
        using var entries = NewCache();
        using var tickets = new AuthenticatedTokenCache(
            new TokenEntryReuse(Options.Create(new TokenValidationOptions { TokenEntryCacheDuration = TimeSpan.FromHours(1) }), entries), TimeProvider.System);
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity("test")), new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) }, "test");

        var origin = new TokenOrigin("http", "localhost", string.Empty);

        var seen = tickets.Generation;
        entries.Invalidate();                    // a revocation while that token was being validated
        tickets.Keep("Bearer t", "t", origin, ticket, seen);
        Assert.Null(tickets.Find("Bearer t", origin));

        tickets.Keep("Bearer t", "t", origin, ticket, tickets.Generation);
        Assert.NotNull(tickets.Find("Bearer t", origin));
        Assert.Null(tickets.Find("Bearer t", origin with { Host = "elsewhere.example" }));
        entries.Invalidate();
        Assert.Null(tickets.Find("Bearer t", origin));
    }

    private static TokenEntryCache NewCache() =>
        new(Options.Create(new TokenValidationOptions { TokenEntryCacheDuration = TimeSpan.FromHours(1) }), TimeProvider.System);

    /// <summary>An <see cref="IOpenIddictTokenManager"/> answering only what <see cref="TokenEntryCache"/> reads.</summary>
    private sealed class ControlledStore
    {
        private int reads;

        public bool Exists { get; init; } = true;

        public bool Valid { get; set; } = true;

        public int Reads => reads;

        public TaskCompletionSource<bool>? NextRead { get; set; }

        public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IServiceProvider Services()
        {
            var manager = DispatchProxy.Create<IOpenIddictTokenManager, ManagerProxy>();
            ((ManagerProxy)(object)manager).Store = this;
            return new ServiceCollection().AddSingleton(manager).BuildServiceProvider();
        }

        public async Task<object?> FindAsync()
        {
            Interlocked.Increment(ref reads);
            ReadStarted.TrySetResult();
            var valid = NextRead is { } pending ? await pending.Task : Valid;
            NextRead = null;
            return Exists ? new Entry(valid) : null;
        }
    }

    private sealed record Entry(bool Valid);

#pragma warning disable CA1812 // created by DispatchProxy
    private class ManagerProxy : DispatchProxy
#pragma warning restore CA1812
    {
        public ControlledStore Store { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod!.Name switch
        {
            nameof(IOpenIddictTokenManager.FindByIdAsync) => new ValueTask<object?>(Store.FindAsync()),
            nameof(IOpenIddictTokenManager.GetIdAsync) => ValueTask.FromResult<string?>("t1"),
            nameof(IOpenIddictTokenManager.GetTypeAsync) => ValueTask.FromResult<string?>("access_token"),
            nameof(IOpenIddictTokenManager.HasStatusAsync) => ValueTask.FromResult(((Entry)args![0]!).Valid),
            nameof(IOpenIddictTokenManager.GetReferenceIdAsync) => ValueTask.FromResult<string?>(null),
            nameof(IOpenIddictTokenManager.GetCreationDateAsync) => ValueTask.FromResult<DateTimeOffset?>(DateTimeOffset.UtcNow),
            nameof(IOpenIddictTokenManager.GetExpirationDateAsync) => ValueTask.FromResult<DateTimeOffset?>(DateTimeOffset.UtcNow.AddHours(1)),
            nameof(IOpenIddictTokenManager.GetAuthorizationIdAsync) => ValueTask.FromResult<string?>(null),
            _ => throw new NotSupportedException(targetMethod.Name),
        };
    }
}
