using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nlp.Identity.Validation;
using OpenIddict.Abstractions;
using OpenIddict.Core;

namespace Nlp.Identity.Server;

/// <summary>
/// OpenIddict's token manager, which after every change to existing token entries (revoke, redeem, reject, update,
/// delete, prune), once written or failed, tells <see cref="TokenEntryCache"/> to forget what it kept. Creating a
/// token changes no kept entry and does not. The server's revocation endpoint, the admin registry and client deletion
/// all go through this manager, so a token revoked in this process is refused on its next use (ADR-014).
/// </summary>
internal sealed class CacheInvalidatingTokenManager<TToken>(
    IOpenIddictTokenCache<TToken> cache,
    ILogger<OpenIddictTokenManager<TToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<TToken> store,
    TokenEntryCache entries) : OpenIddictTokenManager<TToken>(cache, logger, options, store)
    where TToken : class
{
    public override ValueTask DeleteAsync(TToken token, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.DeleteAsync(token, cancellationToken));

    public override ValueTask<long> PruneAsync(DateTimeOffset threshold, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.PruneAsync(threshold, cancellationToken));

    public override ValueTask<long> RevokeAsync(
        string? subject, string? client, string? status, string? type, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.RevokeAsync(subject, client, status, type, cancellationToken));

    public override ValueTask<long> RevokeByApplicationIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.RevokeByApplicationIdAsync(identifier, cancellationToken));

    public override ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.RevokeByAuthorizationIdAsync(identifier, cancellationToken));

    public override ValueTask<long> RevokeBySubjectAsync(string subject, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.RevokeBySubjectAsync(subject, cancellationToken));

    public override ValueTask<bool> TryRedeemAsync(TToken token, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.TryRedeemAsync(token, cancellationToken));

    public override ValueTask<bool> TryRejectAsync(TToken token, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.TryRejectAsync(token, cancellationToken));

    public override ValueTask<bool> TryRevokeAsync(TToken token, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.TryRevokeAsync(token, cancellationToken));

    public override ValueTask UpdateAsync(TToken token, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.UpdateAsync(token, cancellationToken));

    public override ValueTask UpdateAsync(TToken token, OpenIddictTokenDescriptor descriptor, CancellationToken cancellationToken = default) =>
        ThenInvalidate(base.UpdateAsync(token, descriptor, cancellationToken));

    private async ValueTask ThenInvalidate(ValueTask change)
    {
        try
        {
            await change;
        }
        finally
        {
            entries.Invalidate();
        }
    }

    private async ValueTask<T> ThenInvalidate<T>(ValueTask<T> change)
    {
        try
        {
            return await change;
        }
        finally
        {
            entries.Invalidate();
        }
    }
}
