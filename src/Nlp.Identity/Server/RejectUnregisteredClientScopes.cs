using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Exchange;

namespace Nlp.Identity.Server;

/// <summary>
/// Answers <c>invalid_scope</c> (RFC 6749 §5.2) when an authenticated client asks for a scope it is not registered
/// for; OpenIddict's own permission check would answer <c>invalid_request</c>. Runs just before that check.
/// </summary>
internal sealed class RejectUnregisteredClientScopes(IOpenIddictApplicationManager applications)
    : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseScopedHandler<RejectUnregisteredClientScopes>()
            .SetOrder(ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        if (string.IsNullOrEmpty(context.ClientId) || context.Request.Scope is null)
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken);
        if (application is null)
        {
            return;
        }

        foreach (var scope in context.Request.GetScopes())
        {
            if (!await applications.HasPermissionAsync(application, Permissions.Prefixes.Scope + scope, context.CancellationToken))
            {
                context.Reject(
                    error: Errors.InvalidScope,
                    description: $"The client is not allowed to request the scope '{scope}'.");
                return;
            }
        }
    }
}
