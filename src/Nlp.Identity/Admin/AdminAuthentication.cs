namespace Nlp.Identity.Admin;

/// <summary>The cookie scheme and policy guarding the admin pages (separate from the API's bearer scheme).</summary>
public static class AdminAuthentication
{
    public const string Scheme = "NlpIdentityAdmin";
    public const string Policy = "NlpIdentityAdmin";
    public const string CookieName = ".Nlp.Admin";
}
