using OpenIddict.Abstractions;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlerFilters;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode, in place of OpenIddict's <see cref="RestoreTokenEntryProperties"/> (same order, same checks): finds
/// the token's entry, through <see cref="TokenEntryCache"/>, refuses a token without one or a JWT whose entry holds a
/// reference id, and restores the entry's dates and identifiers onto the principal. The entry is kept in the
/// transaction for <see cref="ValidateCachedTokenEntry"/>.
/// </summary>
internal sealed class RestoreCachedTokenEntry(TokenEntryCache cache, IServiceProvider requestServices) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    internal const string EntryProperty = "nlp:token_entry";
    internal const string NoLongerValid = "The specified token is no longer valid.";

    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireTokenEntryValidationEnabled>()
            .UseScopedHandler<RestoreCachedTokenEntry>()
            .SetOrder(RestoreTokenEntryProperties.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        var identifier = context.Principal?.GetTokenId();
        if (context.Principal is null || string.IsNullOrEmpty(identifier))
        {
            return;
        }

        var entry = await cache.GetAsync(identifier, requestServices, context.CancellationToken);
        if (entry is null || (!context.IsReferenceToken && entry.HasReferenceId))
        {
            context.Reject(error: Errors.InvalidToken, description: NoLongerValid);
            return;
        }

        context.Principal
            .SetCreationDate(entry.CreationDate)
            .SetExpirationDate(entry.ExpirationDate)
            .SetAuthorizationId(context.AuthorizationId = entry.AuthorizationId)
            .SetTokenId(context.TokenId = entry.Id)
            .SetTokenType(entry.Type);
        context.Transaction.Properties[EntryProperty] = entry;
    }
}
