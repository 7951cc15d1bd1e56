using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nlp.Identity.Configuration;
using Nlp.Identity.Data;

namespace Nlp.Identity.Admin;

/// <summary>Checks admin passwords (PBKDF2) and locks an account after repeated failures.</summary>
internal sealed class AdminAccounts(
    NlpIdentityDbContext db,
    IPasswordHasher<AdminUser> hasher,
    IOptions<IdentityServerOptions> options,
    TimeProvider time)
{
    public async Task<AdminSignInResult> SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var user = await db.AdminUsers.SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken);
        if (user is null)
        {
            // Spend the same work as a real check, so timing does not reveal which names exist.
            hasher.HashPassword(new AdminUser { UserName = userName, PasswordHash = string.Empty }, password);
            return AdminSignInResult.Failed;
        }

        var now = time.GetUtcNow();
        if (user.LockoutEnd > now)
        {
            return AdminSignInResult.LockedOut;
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verification == PasswordVerificationResult.Failed)
        {
            var admin = options.Value.Admin;
            user.FailedAttempts++;
            var lockedOut = user.FailedAttempts >= admin.MaxFailedAttempts;
            if (lockedOut)
            {
                user.LockoutEnd = now + admin.LockoutDuration;
                user.FailedAttempts = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
            return lockedOut ? AdminSignInResult.LockedOut : AdminSignInResult.Failed;
        }

        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        user.FailedAttempts = 0;
        user.LockoutEnd = null;
        await db.SaveChangesAsync(cancellationToken);
        return AdminSignInResult.Succeeded;
    }

    /// <summary>Creates the account unless one of that name exists; answers whether it was created.</summary>
    public async Task<bool> EnsureAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (await db.AdminUsers.AnyAsync(u => u.UserName == userName, cancellationToken))
        {
            return false;
        }

        var user = new AdminUser { UserName = userName, PasswordHash = string.Empty };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.AdminUsers.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<bool> ExistsAsync(string userName, CancellationToken cancellationToken) =>
        db.AdminUsers.AnyAsync(u => u.UserName == userName, cancellationToken);
}
