using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode: the authentication tickets OpenIddict's validation produced, per exact <c>Authorization</c> header
/// (the token) and request origin (OpenIddict checks the issuer against it without <c>Identity:Issuer</c>), kept for <c>Auth:TokenEntryCacheDuration</c> and never past the ticket's expiry (ADR-014). An entry counts
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

    /// <summary>
    /// A copy of the ticket kept for this header, when it was validated for the same origin and no revocation came
    /// after it. The header string is the key as it is, so a hit allocates only the copy.
    /// </summary>
    public AuthenticationTicket? Find(string header, TokenOrigin origin) =>
        tickets.TryGetValue(header, out Kept? kept) && kept!.Generation == entries.Generation && kept.Origin == origin
            ? kept.Ticket.Clone()
            : null;

    /// <summary>Keeps a successful ticket (a copy), unless it has no expiry or a revocation came after <paramref name="generation"/>.</summary>
    public void Keep(string header, TokenOrigin origin, AuthenticationTicket ticket, long generation)
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
            tickets.Set(header, new Kept(ticket.Clone(), origin, generation), new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime, Size = 1 });
        }
    }

    public void Dispose() => tickets.Dispose();

    private sealed record Kept(AuthenticationTicket Ticket, TokenOrigin Origin, long Generation);
}

/// <summary>Where a token was sent: scheme, host and path base of the request.</summary>
internal readonly record struct TokenOrigin(string Scheme, string? Host, string? PathBase);
