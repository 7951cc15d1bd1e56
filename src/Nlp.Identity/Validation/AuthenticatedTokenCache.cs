using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode: the authentication tickets OpenIddict's validation produced, per exact token string and request
/// origin, kept for <c>Auth:TokenEntryCacheDuration</c> and never past the ticket's expiry (ADR-014). An entry counts
/// only while <see cref="TokenEntryCache.Generation"/> is the one read before its token was validated, so every
/// revocation made through this process makes every kept ticket stale at once.
/// </summary>
internal sealed class AuthenticatedTokenCache(IOptions<TokenValidationOptions> options, TokenEntryCache entries, TimeProvider time) : IDisposable
{
    private const int MaxEntries = 100_000;

    private readonly MemoryCache tickets = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public bool Enabled => options.Value.TokenEntryCacheDuration > TimeSpan.Zero;

    /// <summary>The revocation count to pass to <see cref="Keep"/>, read before the token is validated.</summary>
    public long Generation => entries.Generation;

    /// <summary>A copy of the ticket kept for this key, when there is one and no revocation came after it.</summary>
    public AuthenticationTicket? Find(string key) =>
        tickets.TryGetValue(key, out Kept? kept) && kept!.Generation == entries.Generation ? kept.Ticket.Clone() : null;

    /// <summary>Keeps a successful ticket (a copy), unless it has no expiry or a revocation came after <paramref name="generation"/>.</summary>
    public void Keep(string key, AuthenticationTicket ticket, long generation)
    {
        if (ticket.Properties.ExpiresUtc is not { } expiry || generation != entries.Generation)
        {
            return;
        }

        var lifetime = expiry - time.GetUtcNow();
        if (lifetime > options.Value.TokenEntryCacheDuration)
        {
            lifetime = options.Value.TokenEntryCacheDuration;
        }

        if (lifetime > TimeSpan.Zero)
        {
            tickets.Set(key, new Kept(ticket.Clone(), generation), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }
    }

    public void Dispose() => tickets.Dispose();

    private sealed record Kept(AuthenticationTicket Ticket, long Generation);
}
