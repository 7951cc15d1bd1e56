using System.Collections.Immutable;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Nlp.Identity.Server;

/// <summary>Reads the scopes a client is registered for (its <c>scp:</c> permissions).</summary>
internal static class ClientScopes
{
    public static async ValueTask<ImmutableArray<string>> RegisteredAsync(
        IOpenIddictApplicationManager applications, object application, CancellationToken cancellationToken)
    {
        var permissions = await applications.GetPermissionsAsync(application, cancellationToken);
        return [.. permissions
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])
            .Order(StringComparer.Ordinal)];
    }
}
