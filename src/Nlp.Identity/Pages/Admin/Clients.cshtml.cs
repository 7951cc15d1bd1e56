using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nlp.Identity.Admin;

namespace Nlp.Identity.Pages.Admin;

/// <summary><c>/clients</c>: lists the clients; rotates a secret, revokes a client's tokens or deletes a client.</summary>
[Authorize(Policy = AdminAuthentication.Policy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
internal sealed class ClientsModel(OAuthClientRegistry registry, ILogger<ClientsModel> logger) : PageModel
{
    public IReadOnlyList<RegisteredClient> Clients { get; private set; } = [];

    public string? Notice { get; private set; }

    public ClientCredentials? NewCredentials { get; private set; }

    [BindProperty(Name = "client_id")]
    public string? ClientId { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Clients = await registry.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken cancellationToken)
    {
        NewCredentials = string.IsNullOrEmpty(ClientId) ? null : await registry.RotateSecretAsync(ClientId, cancellationToken);
        Notice = NewCredentials is null ? Missing() : $"The secret of '{ClientId}' was replaced; the old one no longer works.";
        return await ShowAsync(NewCredentials is null ? null : "rotated the secret of", cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        var revoked = string.IsNullOrEmpty(ClientId) ? null : await registry.RevokeTokensAsync(ClientId, cancellationToken);
        Notice = revoked is null ? Missing() : $"Revoked {revoked} token(s) of '{ClientId}'.";
        return await ShowAsync(revoked is null ? null : "revoked the tokens of", cancellationToken);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var deleted = !string.IsNullOrEmpty(ClientId) && await registry.DeleteAsync(ClientId, cancellationToken);
        Notice = deleted ? $"Deleted '{ClientId}' and its tokens." : Missing();
        return await ShowAsync(deleted ? "deleted" : null, cancellationToken);
    }

    private string Missing() => $"There is no client '{ClientId}'.";

    private async Task<IActionResult> ShowAsync(string? action, CancellationToken cancellationToken)
    {
        if (action is not null)
        {
            IdentityLog.ClientChanged(logger, User.Identity?.Name ?? "?", action, ClientId!);
        }

        Clients = await registry.ListAsync(cancellationToken);
        return Page();
    }
}
