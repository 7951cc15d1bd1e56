namespace Nlp.Identity.Configuration;

/// <summary>The admin account of the client-registration UI (<c>Identity:Admin</c>).</summary>
public sealed class AdminAccountOptions
{
    public string UserName { get; set; } = "admin";

    /// <summary>When empty and no admin exists yet, a random password is generated and logged once.</summary>
    public string? Password { get; set; }

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
}
