namespace Nlp.Identity.Admin;

internal enum AdminSignInResult
{
    Succeeded,
    Failed,
    LockedOut,
}
