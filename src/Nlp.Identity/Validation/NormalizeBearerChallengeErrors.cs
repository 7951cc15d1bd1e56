using Microsoft.Extensions.Options;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlers;

namespace Nlp.Identity.Validation;

/// <summary>
/// Makes the API's bearer challenges speak RFC 6750 as the contract states: a missing token answers
/// <c>error="invalid_token"</c> like any other unusable token, and a token without the required scope answers 403
/// <c>error="insufficient_scope"</c> naming the scope.
/// </summary>
internal sealed class NormalizeBearerChallengeErrors(IOptions<TokenValidationOptions> options)
    : IOpenIddictValidationHandler<ProcessChallengeContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ProcessChallengeContext>()
            .UseSingletonHandler<NormalizeBearerChallengeErrors>()
            .SetOrder(AttachDefaultChallengeError.Descriptor.Order + 1)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessChallengeContext context)
    {
        switch (context.Response.Error)
        {
            case Errors.MissingToken:
                context.Response.Error = Errors.InvalidToken;
                context.Response.ErrorDescription = "An access token is required: send it as 'Authorization: Bearer ...' or '?access_token=...'.";
                context.Response.ErrorUri = null;
                break;
            case Errors.InsufficientAccess:
                context.Response.Error = Errors.InsufficientScope;
                context.Response.ErrorDescription = $"The access token lacks the scope '{options.Value.RequiredScope}'.";
                context.Response.ErrorUri = null;
                context.Response.Scope = options.Value.RequiredScope;
                break;
        }

        return default;
    }
}
