using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using OpenIddict.Validation.AspNetCore;

namespace Nlp.Identity.Validation;

/// <summary>
/// The scheme of the <see cref="NlpAuthorizationPolicies.Predict"/> policy (both modes): answers a bearer token sent in
/// the <c>Authorization</c> header with the ticket OpenIddict's validation gave the same token on the same origin a
/// moment ago (<see cref="AuthenticatedTokenCache"/>), and otherwise asks OpenIddict's validation scheme and keeps its
/// successful ticket. Challenges and forbids go to OpenIddict's scheme, so refusals answer as before. A token in the
/// query string or a form body is always validated by OpenIddict (ADR-014, ADR-015).
/// OpenIddict's request step (which its authenticate, challenge and forbid need first) runs only when one of them is
/// about to be asked: a kept ticket is answered without it (<c>/auth/*</c> runs no authentication middleware, so
/// nothing else runs it there; docs/benchmarks.md, twentieth round).
/// </summary>
internal sealed class CachedBearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthenticatedTokenCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Nlp.CachedBearer";

    private const string BearerPrefix = "Bearer ";

    private bool requestAnswered;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = cache.Enabled ? BearerHeader() : null;
        var origin = new TokenOrigin(Request.Scheme, Request.Host.Value, Request.PathBase.Value);
        if (header is not null && cache.Find(header, origin) is { } kept)
        {
            return AuthenticateResult.Success(kept);
        }

        if (!await EnsureValidationRequestStepAsync())
        {
            return AuthenticateResult.NoResult();
        }

        var generation = cache.Generation;
        var result = await Context.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (header is not null && result is { Succeeded: true, Ticket: { } ticket })
        {
            cache.Keep(header, header[BearerPrefix.Length..], origin, ticket, generation);
        }

        return result;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (await EnsureValidationRequestStepAsync())
        {
            await Context.ChallengeAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (await EnsureValidationRequestStepAsync())
        {
            await Context.ForbidAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme, properties);
        }
    }

    /// <summary>
    /// Runs OpenIddict validation's request step unless it ran for this request (the authentication middleware runs it
    /// on other paths). False when that step answered the request itself, as its middleware would have stopped there.
    /// </summary>
    private async Task<bool> EnsureValidationRequestStepAsync()
    {
        if (requestAnswered || Context.Features.Get<OpenIddictValidationAspNetCoreFeature>() is not null)
        {
            return !requestAnswered;
        }

        var handlers = Context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
        requestAnswered = await handlers.GetHandlerAsync(Context, OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme) is IAuthenticationRequestHandler handler
            && await handler.HandleRequestAsync();
        return !requestAnswered;
    }

    /// <summary>The whole <c>Authorization</c> header when it is the request's only token and a bearer one, or null.</summary>
    private string? BearerHeader()
    {
        var authorization = Request.Headers[HeaderNames.Authorization];
        return authorization.Count == 1 && authorization[0] is { Length: > 7 } header
            && header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase)
            && !Request.Query.ContainsKey("access_token") && !Request.HasFormContentType
            ? header
            : null;
    }
}
