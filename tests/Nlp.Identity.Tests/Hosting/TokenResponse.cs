using System.Net;
using System.Text.Json;

namespace Nlp.Identity.Tests.Hosting;

/// <summary>An answer of <c>/oauth/token</c> (or another OAuth endpoint): status, headers and JSON body.</summary>
internal sealed record TokenResponse(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Message)
{
    public string AccessToken => Body.GetProperty("access_token").GetString()!;

    public string? Error => Body.TryGetProperty("error", out var error) ? error.GetString() : null;

    public string? Scope => Body.TryGetProperty("scope", out var scope) ? scope.GetString() : null;
}
