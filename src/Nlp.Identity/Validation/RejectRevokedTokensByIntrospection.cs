using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nlp.Identity.Validation;

/// <summary>External mode: after the local signature, lifetime, issuer and audience checks, refuses revoked tokens.</summary>
internal sealed class RejectRevokedTokensByIntrospection(IntrospectionTokenStatus status)
    : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .UseSingletonHandler<RejectRevokedTokensByIntrospection>()
            .SetOrder(ValidateAudiences.Descriptor.Order + 1_000)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        if (context.Principal is null || string.IsNullOrEmpty(context.Token))
        {
            return;
        }

        if (!await status.IsActiveAsync(context.Token, context.Principal.GetExpirationDate(), context.CancellationToken))
        {
            context.Reject(error: Errors.InvalidToken, description: "The access token was revoked or is no longer active.");
        }
    }
}
