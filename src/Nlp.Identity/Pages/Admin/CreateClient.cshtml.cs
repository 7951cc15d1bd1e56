using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nlp.Identity.Admin;

namespace Nlp.Identity.Pages.Admin;

/// <summary><c>/create_client</c>: the original's form; the generated id and secret are shown once.</summary>
[Authorize(Policy = AdminAuthentication.Policy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class CreateClientModel(OAuthClientRegistry registry, ILogger<CreateClientModel> logger) : PageModel
{
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ','];

    [BindProperty(Name = "client_name")]
    public string? ClientName { get; set; }

    [BindProperty(Name = "client_uri")]
    public string? ClientUri { get; set; }

    [BindProperty(Name = "scope")]
    public string? Scope { get; set; } = "profile";

    [BindProperty(Name = "grant_type")]
    public string? GrantType { get; set; } = "client_credentials";

    [BindProperty(Name = "redirect_uri")]
    public string? RedirectUri { get; set; }

    [BindProperty(Name = "response_type")]
    public string? ResponseType { get; set; }

    [BindProperty(Name = "token_endpoint_auth_method")]
    public string? TokenEndpointAuthMethod { get; set; } = "client_secret_basic";

    public List<string> Errors { get; } = [];

    public ClientCredentials? Created { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var registration = Validate();
        if (registration is null)
        {
            return Page();
        }

        Created = await registry.CreateAsync(registration, cancellationToken);
        IdentityLog.ClientChanged(logger, User.Identity?.Name ?? "?", "created", Created.ClientId);
        return Page();
    }

    private ClientRegistration? Validate()
    {
        var name = ClientName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            Errors.Add("client_name: enter a name of at most 200 characters.");
        }

        Uri? clientUri = null;
        if (!string.IsNullOrWhiteSpace(ClientUri) && !TryAbsolute(ClientUri.Trim(), out clientUri))
        {
            Errors.Add("client_uri: enter an absolute http(s) URL or leave it empty.");
        }

        var scopes = Split(Scope);
        if (scopes.Length == 0 || scopes.Any(s => s.Any(c => c is < '!' or '"' or '\\' or > '~')))
        {
            Errors.Add("scope: enter at least one scope (RFC 6749 scope tokens, space separated).");
        }

        var grantTypes = Split(GrantType);
        if (grantTypes.Length != 1 || grantTypes[0] != "client_credentials")
        {
            Errors.Add("grant_type: only client_credentials is supported.");
        }

        var redirectUris = new List<Uri>();
        foreach (var value in Split(RedirectUri))
        {
            if (TryAbsolute(value, out var uri))
            {
                redirectUris.Add(uri);
            }
            else
            {
                Errors.Add($"redirect_uri: '{value}' is not an absolute http(s) URL.");
            }
        }

        if (!OAuthClientRegistry.AuthMethods.Contains(TokenEndpointAuthMethod))
        {
            Errors.Add("token_endpoint_auth_method: choose client_secret_basic or client_secret_post.");
        }

        return Errors.Count > 0 ? null : new ClientRegistration(
            name!, scopes, clientUri, redirectUris, string.IsNullOrWhiteSpace(ResponseType) ? null : ResponseType.Trim(), TokenEndpointAuthMethod!);
    }

    private static string[] Split(string? value) =>
        value?.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    private static bool TryAbsolute(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
