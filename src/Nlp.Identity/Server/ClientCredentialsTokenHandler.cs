using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Nlp.Identity.Configuration;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Nlp.Identity.Server;

/// <summary>
/// Answers <c>grant_type=client_credentials</c> at <c>/oauth/token</c> once OpenIddict has authenticated the client
/// and checked the requested scopes: the client id becomes the subject, the API becomes the audience, and when the
/// request names no scope the client's registered scopes are granted (as the original Authlib server did).
/// </summary>
internal sealed class ClientCredentialsTokenHandler(
    IOpenIddictApplicationManager applications,
    IOptions<IdentityServerOptions> options) : IOpenIddictServerHandler<HandleTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleTokenRequestContext>()
            .UseScopedHandler<ClientCredentialsTokenHandler>()
            .SetOrder(500_000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleTokenRequestContext context)
    {
        if (!context.Request.IsClientCredentialsGrantType() || string.IsNullOrEmpty(context.ClientId))
        {
            return;
        }

        var application = await applications.FindByClientIdAsync(context.ClientId, context.CancellationToken)
            ?? throw new InvalidOperationException("The authenticated client no longer exists.");

        var scopes = context.Request.Scope is null
            ? await ClientScopes.RegisteredAsync(applications, application, context.CancellationToken)
            : [.. context.Request.GetScopes()];

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, context.ClientId);
        identity.SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, context.CancellationToken) ?? context.ClientId);
        identity.SetScopes(scopes);
        identity.SetAudiences(options.Value.Audience);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);

        context.SignIn(new ClaimsPrincipal(identity), new Dictionary<string, OpenIddictParameter>
        {
            [Parameters.Scope] = string.Join(' ', scopes),
        });
    }
}
