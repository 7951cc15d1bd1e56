using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode: keeps what the store says about an access token's entry for <c>Auth:TokenEntryCacheDuration</c>
/// (never past the token's expiry), so a caller reusing one token does not cost a store query per request (ADR-014).
/// Every change to token entries made through this process's token manager (revocation at <c>/oauth/revoke</c>, the
/// admin page's "revoke tokens", deleting a client) calls <see cref="Invalidate"/> once it is written, which drops
/// every kept entry: such a revocation is refused on the token's next use. A change made by another process sharing
/// the store is seen within the duration. A zero duration reads the store on every request.
/// </summary>
internal sealed class TokenEntryCache(IOptions<TokenValidationOptions> options, TimeProvider time) : IDisposable
{
    private const int MaxEntries = 100_000;

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private long generation;

    /// <summary>
    /// Answers the token entry with this id (null when the store has none), from the cache when it may; otherwise from
    /// the token manager of <paramref name="services"/> (the request's scope).
    /// </summary>
    public async ValueTask<TokenEntrySnapshot?> GetAsync(string id, IServiceProvider services, CancellationToken cancellationToken)
    {
        var duration = options.Value.TokenEntryCacheDuration;
        // Read before the store: a change written after this read makes the entry stored below stale at once.
        var seen = Interlocked.Read(ref generation);
        if (duration > TimeSpan.Zero && entries.TryGetValue(id, out Kept? kept) && kept!.Generation == seen)
        {
            return kept.Entry;
        }

        var entry = await ReadAsync(id, services.GetRequiredService<IOpenIddictTokenManager>(), cancellationToken);
        if (entry is not null && duration > TimeSpan.Zero)
        {
            var lifetime = entry.ExpirationDate is { } expiry && expiry - time.GetUtcNow() < duration
                ? expiry - time.GetUtcNow()
                : duration;
            if (lifetime > TimeSpan.Zero)
            {
                entries.Set(id, new Kept(entry, seen), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
            }
        }

        return entry;
    }

    /// <summary>How many times <see cref="Invalidate"/> ran: what other caches keyed on it compare.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Forgets every kept entry; called after each change to token entries made by this process.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    public void Dispose() => entries.Dispose();

    private static async ValueTask<TokenEntrySnapshot?> ReadAsync(string id, IOpenIddictTokenManager manager, CancellationToken cancellationToken)
    {
        var token = await manager.FindByIdAsync(id, cancellationToken);
        if (token is null)
        {
            return null;
        }

        return new TokenEntrySnapshot(
            Id: await manager.GetIdAsync(token, cancellationToken) ?? id,
            Type: await manager.GetTypeAsync(token, cancellationToken),
            IsValid: await manager.HasStatusAsync(token, Statuses.Valid, cancellationToken),
            HasReferenceId: !string.IsNullOrEmpty(await manager.GetReferenceIdAsync(token, cancellationToken)),
            CreationDate: await manager.GetCreationDateAsync(token, cancellationToken),
            ExpirationDate: await manager.GetExpirationDateAsync(token, cancellationToken),
            AuthorizationId: await manager.GetAuthorizationIdAsync(token, cancellationToken));
    }

    private sealed record Kept(TokenEntrySnapshot Entry, long Generation);
}
