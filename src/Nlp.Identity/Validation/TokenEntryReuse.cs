using Microsoft.Extensions.Options;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode: a ticket answers for <c>Auth:TokenEntryCacheDuration</c>, as the token's entry is kept
/// (<see cref="TokenEntryCache"/>), and only until this process's next revocation (ADR-014).
/// </summary>
internal sealed class TokenEntryReuse(IOptions<TokenValidationOptions> options, TokenEntryCache entries) : ITokenReuse
{
    public bool Enabled => options.Value.TokenEntryCacheDuration > TimeSpan.Zero;

    public long Generation => entries.Generation;

    public TimeSpan KeepFor(string token) => options.Value.TokenEntryCacheDuration;
}
