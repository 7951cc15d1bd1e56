using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Validation.AspNetCore;

namespace Nlp.Identity.Validation;

/// <summary>
/// In place of <c>UseAuthentication()</c> on routes that accept only bearer tokens (<c>/auth/*</c>): runs the request
/// step of the token-validation scheme alone, which OpenIddict's validation needs before it can authenticate or
/// challenge, instead of every scheme's. In Embedded mode that spares each request the co-hosted authorization server's
/// dispatch, which serves none of these paths (docs/benchmarks.md, eighteenth round). The authorization middleware
/// then authenticates with the <see cref="NlpAuthorizationPolicies.Predict"/> policy's scheme, as before.
/// </summary>
public static class BearerOnlyAuthentication
{
    public static IApplicationBuilder UseNlpBearerOnlyAuthentication(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            if (await handlers.GetHandlerAsync(context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme) is IAuthenticationRequestHandler handler
                && await handler.HandleRequestAsync())
            {
                return;
            }

            await next(context);
        });
}
