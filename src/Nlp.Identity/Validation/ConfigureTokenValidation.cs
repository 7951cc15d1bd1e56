using Microsoft.Extensions.Options;
using OpenIddict.Validation;

namespace Nlp.Identity.Validation;

/// <summary>Applies <c>Auth:*</c> to OpenIddict validation when first used: the audience, and in External mode the issuer.</summary>
internal sealed class ConfigureTokenValidation(IOptions<TokenValidationOptions> options) : IConfigureOptions<OpenIddictValidationOptions>
{
    public void Configure(OpenIddictValidationOptions validation)
    {
        var settings = options.Value;
        validation.Audiences.Add(settings.Audience);
        if (settings.Mode == AuthMode.External)
        {
            validation.Issuer = settings.Authority ?? throw new InvalidOperationException(
                "Auth:Mode is External but Auth:Authority is empty: set it to the issuer URL of Nlp.Identity (e.g. http://identity:8081/).");
        }
    }
}
