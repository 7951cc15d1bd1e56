using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Validation.OpenIddictValidationEvents;
using static OpenIddict.Validation.OpenIddictValidationHandlerFilters;
using static OpenIddict.Validation.OpenIddictValidationHandlers.Protection;

namespace Nlp.Identity.Validation;

/// <summary>
/// Embedded mode, in place of OpenIddict's <see cref="ValidateTokenEntry"/> (same order): refuses a token whose entry
/// is no longer valid (revoked, redeemed, rejected), reading the entry <see cref="RestoreCachedTokenEntry"/> found.
/// </summary>
internal sealed class ValidateCachedTokenEntry(TokenEntryCache cache, IServiceProvider requestServices) : IOpenIddictValidationHandler<ValidateTokenContext>
{
    public static OpenIddictValidationHandlerDescriptor Descriptor { get; } =
        OpenIddictValidationHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
            .AddFilter<RequireTokenEntryValidationEnabled>()
            .AddFilter<RequireTokenIdResolved>()
            .UseScopedHandler<ValidateCachedTokenEntry>()
            .SetOrder(ValidateTokenEntry.Descriptor.Order)
            .SetType(OpenIddictValidationHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ValidateTokenContext context)
    {
        var entry = context.Transaction.Properties.TryGetValue(RestoreCachedTokenEntry.EntryProperty, out var found)
            ? found as TokenEntrySnapshot
            : await cache.GetAsync(context.TokenId!, requestServices, context.CancellationToken);
        if (entry is not { IsValid: true })
        {
            context.Reject(error: Errors.InvalidToken, description: RestoreCachedTokenEntry.NoLongerValid);
        }
    }
}
