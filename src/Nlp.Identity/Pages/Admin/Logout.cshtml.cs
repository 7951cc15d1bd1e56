using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nlp.Identity.Admin;

namespace Nlp.Identity.Pages.Admin;

/// <summary><c>/logout</c>: ends the admin session (a POST, so another site cannot log the admin out).</summary>
[AllowAnonymous]
internal sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AdminAuthentication.Scheme);
        return LocalRedirect("/login");
    }
}
