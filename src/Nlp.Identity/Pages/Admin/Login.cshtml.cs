using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Nlp.Identity.Admin;

namespace Nlp.Identity.Pages.Admin;

/// <summary><c>/login</c>: the admin signs in with the configured account; 5 failures lock it for 15 minutes.</summary>
[AllowAnonymous]
internal sealed class LoginModel(AdminAccounts accounts, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty(Name = "username")]
    public string? UserName { get; set; }

    [BindProperty(Name = "password")]
    public string? Password { get; set; }

    [BindProperty(Name = "returnUrl", SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Message = "Enter the user name and the password.";
            return Page();
        }

        var result = await accounts.SignInAsync(UserName, Password, cancellationToken);
        switch (result)
        {
            case AdminSignInResult.Succeeded:
                var identity = new ClaimsIdentity(AdminAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role);
                identity.AddClaim(new Claim(ClaimTypes.Name, UserName));
                await HttpContext.SignInAsync(AdminAuthentication.Scheme, new ClaimsPrincipal(identity));
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/clients");
            case AdminSignInResult.LockedOut:
                IdentityLog.AdminLockedOut(logger, UserName);
                Message = "Too many failed attempts: this account is locked. Try again later.";
                return Page();
            default:
                IdentityLog.AdminSignInFailed(logger, UserName);
                Message = "Wrong user name or password.";
                return Page();
        }
    }
}
