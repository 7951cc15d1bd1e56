namespace Nlp.Identity.Data;

/// <summary>An account allowed into the client-registration UI.</summary>
internal sealed class AdminUser
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    /// <summary>PBKDF2 hash written by <c>PasswordHasher&lt;AdminUser&gt;</c>.</summary>
    public required string PasswordHash { get; set; }

    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }
}
