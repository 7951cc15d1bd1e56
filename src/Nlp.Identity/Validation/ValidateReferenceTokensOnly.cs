using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlerFilters;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode, in place of OpenIddict's <see cref="ValidateReferenceTokenIdentifier"/> (same order): runs that
/// handler only for a token that is not a JWT. OpenIddict builds the scoped original for every token, and with it the
/// token manager, its store and a <c>DbContext</c>, before it returns at once for a JWT, which is every access token
/// this server issues (ADR-006, ADR-014).
/// </summary>
internal sealed class ValidateReferenceTokensOnly(IServiceProvider requestServices) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireTokenEntryValidationEnabled>()
            .UseScopedHandler<ValidateReferenceTokensOnly>()
            .SetOrder(ValidateReferenceTokenIdentifier.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenContext context) =>
        context.SecurityTokenHandler.CanReadToken(context.Token)
            ? ValueTask.CompletedTask
            : new ValidateReferenceTokenIdentifier(requestServices.GetRequiredService<IOpenIddictTokenManager>()).HandleAsync(context);
}
