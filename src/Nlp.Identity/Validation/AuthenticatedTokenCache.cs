using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace Nlp.Identity.Validation;

/// <summary>
/// The authentication tickets OpenIddict's validation produced, per exact <c>Authorization</c> header (the token) and
/// request origin (in Embedded mode OpenIddict checks the issuer against it without <c>Identity:Issuer</c>), kept for
/// as long as <see cref="ITokenReuse.KeepFor"/> allows and never past the ticket's expiry. An entry counts only while
/// <see cref="ITokenReuse.Generation"/> is the one read before its token was validated, so every revocation made
/// through this process makes every kept ticket stale at once (ADR-014, ADR-015).
/// </summary>
internal sealed class AuthenticatedTokenCache(ITokenReuse reuse, TimeProvider time) : IDisposable
{
    private const int MaxEntries = 100_000;

    private readonly MemoryCache tickets = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    public bool Enabled => reuse.Enabled;

    /// <summary>The revocation count to pass to <see cref="Keep"/>, read before the token is validated.</summary>
    public long Generation => reuse.Generation;

    /// <summary>
    /// A copy of the ticket kept for this header, when it was validated for the same origin and no revocation came
    /// after it. The header string is the key as it is, so a hit allocates only the copy.
    /// </summary>
    public AuthenticationTicket? Find(string header, TokenOrigin origin) =>
        tickets.TryGetValue(header, out Kept? kept) && kept!.Generation == reuse.Generation && kept.Origin == origin
            ? kept.Ticket.Clone()
            : null;

    /// <summary>
    /// Keeps a successful ticket (a copy) of the <paramref name="token"/> sent in <paramref name="header"/>, unless it has
    /// no expiry, a revocation came after <paramref name="generation"/>, or <see cref="ITokenReuse.KeepFor"/> says no.
    /// </summary>
    public void Keep(string header, string token, TokenOrigin origin, AuthenticationTicket ticket, long generation)
    {
        if (ticket.Properties.ExpiresUtc is not { } expiry || generation != reuse.Generation)
        {
            return;
        }

        var lifetime = expiry - time.GetUtcNow();
        var allowed = reuse.KeepFor(token);
        if (lifetime > allowed)
        {
            lifetime = allowed;
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
