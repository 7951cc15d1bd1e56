using Microsoft.Extensions.Options;

namespace Nlp.Identity.Validation;

/// <summary>
/// External mode: a ticket answers only while the introspection endpoint's "active" answer about its token is trusted
/// (<c>Auth:RevocationCheckInterval</c>, <see cref="IntrospectionTokenStatus"/>), so a token revoked at the authorization
/// server is refused within that window exactly as when every request is validated (ADR-015); and not in the answer's
/// last tenth, where validating the token again renews the answer ahead of its end. This process makes no revocations,
/// so the generation never changes.
/// </summary>
internal sealed class IntrospectionTokenReuse(IOptions<TokenValidationOptions> options, IntrospectionTokenStatus status) : ITokenReuse
{
    public bool Enabled => options.Value.RevocationCheckInterval > TimeSpan.Zero;

    public long Generation => 0;

    public TimeSpan KeepFor(string token) => status.TrustedFor(token) - status.RenewalMargin;
}
